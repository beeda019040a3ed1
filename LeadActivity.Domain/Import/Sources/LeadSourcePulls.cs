using System.Collections.Concurrent;
using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LeadActivity.Domain.Import.Sources;

/// <summary>
/// Runs pulls from connected sources on the server, independent of the circuit that asked (or of the schedule): fetch
/// everything, preview it like a CSV file, and hand it to <see cref="LeadImportJobs"/> as an import of the campaign —
/// same validation, dedupe, one transaction, report and history. A pull that fails before the import is recorded in
/// the history with why. One pull per source at a time.
/// </summary>
public sealed class LeadSourcePulls(
    LeadActivityDatabase database, ImportStorage storage, LeadImportJobs jobs, ImportSettings settings, LeadSourceSecrets secrets,
    LeadSourceFetchOptions fetchOptions, TimeProvider clock, ILogger<LeadSourcePulls> logger) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false, // the fetcher follows same-origin redirects itself
        ConnectCallback = (context, cancellationToken) => ProviderAddress.ConnectAsync(context, fetchOptions.AllowPrivateNetworks, cancellationToken),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each request has its own timeout (LeadSourceFetchOptions)
    };

    private readonly ConcurrentDictionary<int, Task> _running = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Fetches <paramref name="source"/> with its stored credential, decrypted only here, for this request.</summary>
    /// <exception cref="LeadSourceException">The provider failed, or the credential can no longer be read.</exception>
    public Task<FetchedLeads> FetchAsync(LeadSource source, bool firstPageOnly, CancellationToken cancellationToken)
    {
        var secret = source.ProtectedSecret is { } protectedSecret ? secrets.Unprotect(protectedSecret) : null;
        return new LeadSourceFetcher(_http, storage, fetchOptions, clock).FetchAsync(source, secret, firstPageOnly, cancellationToken);
    }

    public bool IsPulling(int sourceId) => _running.ContainsKey(sourceId);

    /// <summary>Starts a pull of <paramref name="sourceId"/>; false when one is already running.</summary>
    public bool Start(int organizationId, int sourceId, ICurrentUser startedBy)
    {
        // The pull outlives the circuit that asked: it keeps who that was, not the circuit's live member.
        startedBy = new FixedUser(startedBy.Id, startedBy.Name, startedBy.Role);
        var started = new TaskCompletionSource();
        if (!_running.TryAdd(sourceId, started.Task))
            return false;
        _ = Task.Run(async () =>
        {
            try
            {
                await PullAsync(organizationId, sourceId, startedBy);
            }
            finally
            {
                _running.TryRemove(sourceId, out _);
                started.SetResult();
            }
        });
        return true;
    }

    /// <summary>Waits for a running pull's fetch and hand-over to the import jobs (tests).</summary>
    public Task WhenPulledAsync(int sourceId) => _running.TryGetValue(sourceId, out var task) ? task : Task.CompletedTask;

    /// <summary>
    /// Starts the pulls whose schedule is due (the hosted scheduler calls this every minute). With several servers
    /// running the scheduler, each due source is pulled by one of them: a source is claimed by moving its next pull on,
    /// in one statement that only matches it while it is due, so a second server's statement no longer matches it
    /// (PostgreSQL re-checks the condition on the row another transaction just changed).
    /// </summary>
    public async Task<int> StartDueAsync(CancellationToken cancellationToken = default)
    {
        var now = UtcTicksConverter.ToTicks(clock.GetUtcNow().UtcDateTime);
        var claimed = new List<(int Id, int OrganizationId)>();
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var claim = connection.CreateCommand())
        {
            // The schedule spans organizations; each pull then runs scoped to its own. The next pull counts from this
            // one, whatever its outcome (as PullAsync records it): a failing provider is not hammered.
            claim.CommandText = """
                UPDATE "LeadSources" SET "LastPullAt" = @now, "NextPullAt" = @now + "ScheduleHours" * @ticksPerHour
                WHERE "ScheduleHours" IS NOT NULL AND "NextPullAt" IS NOT NULL AND "NextPullAt" <= @now
                RETURNING "Id", "OrganizationId"
                """;
            LeadActivityDatabase.Parameter(claim, "@now", now);
            LeadActivityDatabase.Parameter(claim, "@ticksPerHour", TimeSpan.TicksPerHour);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                claimed.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }
        return claimed.Count(source => Start(source.OrganizationId, source.Id, new FixedUser("schedule", "Schedule")));
    }

    private async Task PullAsync(int organizationId, int sourceId, ICurrentUser startedBy)
    {
        var factory = database.CreateFactory(organizationId);
        var importer = new LeadImporter(factory, new FixedOrganizationScope(organizationId), database, storage, jobs, startedBy, clock, settings);
        LeadSource? source;
        await using (var db = await factory.CreateDbContextAsync())
        {
            source = await db.LeadSources.FirstOrDefaultAsync(s => s.Id == sourceId);
            if (source is null)
                return;
            // The next scheduled pull counts from this one, whatever its outcome: a failing provider is not hammered.
            source.LastPullAt = clock.GetUtcNow().UtcDateTime;
            source.NextPullAt = source.ScheduleHours is { } hours ? source.LastPullAt.Value.AddHours(hours) : null;
            await db.SaveChangesAsync();
        }

        var name = $"Pull from {source.Name}";
        FetchedLeads? fetched = null;
        var handedOver = false;
        try
        {
            fetched = await FetchAsync(source, firstPageOnly: false, _stopping.Token);
            var preview = await importer.PreviewAsync(source.CampaignId, fetched.Upload, cancellationToken: _stopping.Token);
            if (preview is null)
                return; // the campaign is gone, and the source with it
            if (!preview.CanCommit)
            {
                await importer.RecordFailedPullAsync(source.CampaignId, sourceId, name,
                    $"Fetched {fetched.Rows:N0} contacts in {fetched.Pages:N0} page{(fetched.Pages == 1 ? "" : "s")}, but they cannot be imported: {preview.Problems[0]}");
                return;
            }
            var (_, error) = await importer.StartAsync(source.CampaignId, preview with { Upload = fetched.Upload with { FileName = name } }, source.Existing, sourceId: sourceId);
            handedOver = error is null;
            if (error is not null)
                await importer.RecordFailedPullAsync(source.CampaignId, sourceId, name, error);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            await importer.RecordFailedPullAsync(source.CampaignId, sourceId, name, "The server stopped during the pull; nothing was imported. Pull again.");
        }
        catch (LeadSourceException e)
        {
            await importer.RecordFailedPullAsync(source.CampaignId, sourceId, name, e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Pull {SourceId} of organization {OrganizationId} failed", sourceId, organizationId);
            await importer.RecordFailedPullAsync(source.CampaignId, sourceId, name, "The pull failed on the server; nothing was imported. Try again, and tell us if it keeps happening.");
        }
        finally
        {
            // The fetched file belongs to the import once handed over; otherwise it goes now, not at the next start-up.
            if (fetched is not null && !handedOver)
                importer.Discard(fetched.Upload);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _http.Dispose();
    }
}
