using System.Diagnostics;
using LeadActivity.Domain;
using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Leads.Bulk;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using LeadActivity.Domain.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadActivity.Bench;

/// <summary>
/// <c>bulk-status [--leads N] [--db FILE]</c>: on the <c>search</c> data (N leads in 10 campaigns, default 1,000,000),
/// every lead of one campaign (about N/10) set to Qualified end to end — <see cref="LeadBulkActions"/> from the
/// request to the job's commit: audit row, selection, one timeline entry per lead, scheduled retries cancelled — against
/// a hand-written SQL transaction doing the same to the same rows. Each side's changes are undone after it is timed
/// (untimed), so both start from the same data and the cached database is left as it was.
/// </summary>
public static class BulkStatusScenario
{
    private const string Actor = "Bench";

    public static async Task RunAsync(BenchArgs args)
    {
        var leads = args.Int("leads", 1_000_000);
        var path = Path.GetFullPath(args.String("db", $"bench/.cache/search-{leads}.db"));
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"seeding {leads:N0} leads into {path} (cached for later runs)…");
            await SeedScenario.SeedAsync(path, leads, campaigns: 10);
        }
        var database = LeadActivityDatabase.Sqlite(connectionString);
        await DatabaseInitializer.MigrateAsync(database);

        await using var connection = SqliteDatabase.OpenConnection(connectionString);
        var (organizationId, campaignId, selected) = await LargestCampaignAsync(connection);
        Console.Error.WriteLine($"campaign {campaignId}: {selected:N0} leads");

        await SaveBeforeAsync(connection, campaignId);
        await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        Console.Error.WriteLine("hand-written SQL…");
        var sql = await TimeAsync(() => HandWrittenAsync(connection, organizationId, campaignId));
        var sqlChanged = await ChangedAsync(connection);
        await RestoreAsync(connection);
        await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);"); // each side starts with an empty WAL

        Console.Error.WriteLine($"hand-written SQL: {sql.TotalSeconds:F2} s; the bulk action…");
        var jobs = new LeadBulkJobs(database, new ActivityStream(), AppNode.Create("bench"), TimeProvider.System, NullLogger<LeadBulkJobs>.Instance);
        var bulk = new LeadBulkActions(database, new FixedOrganizationScope(organizationId), new FixedUser("bench", Actor), TimeProvider.System, jobs);
        BulkAction? action = null;
        var service = await TimeAsync(async () =>
        {
            var start = await bulk.ChangeStatusAsync(LeadSelection.AllMatching(LeadFilter.Default with { CampaignId = campaignId }), LeadStatus.Qualified);
            await jobs.WhenFinishedAsync(start.Id!.Value);
            action = (await bulk.FindAsync(start.Id!.Value))!.Action;
        });
        var serviceChanged = await ChangedAsync(connection);
        await RestoreAsync(connection);
        await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        if (action!.State != BulkActionState.Completed || serviceChanged != sqlChanged)
            Console.Error.WriteLine($"warning: the service {action.State} changed {serviceChanged}, the hand-written SQL {sqlChanged}");

        BenchOutput.Line("bulk-status", "campaign-to-qualified", new Dictionary<string, object>
        {
            ["selected"] = selected,
            ["changed"] = action.Affected,
            ["timeline_entries"] = serviceChanged.Entries,
            ["follow_ups_cancelled"] = serviceChanged.FollowUps,
            ["service_s"] = service.TotalSeconds,
            ["sql_s"] = sql.TotalSeconds,
            ["ratio"] = service.TotalSeconds / Math.Max(sql.TotalSeconds, 0.001),
        });
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var start = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(start);
    }

    /// <summary>The same changes as the service, written by hand in one transaction: timeline entries, retries, leads.</summary>
    private static async Task HandWrittenAsync(SqliteConnection connection, int organizationId, int campaignId)
    {
        var now = DateTime.UtcNow.Ticks;
        await ExecuteAsync(connection, $"""
            BEGIN IMMEDIATE;
            INSERT INTO Activities (OrganizationId, LeadId, CampaignId, Kind, OccurredAt, StatusFrom, StatusTo, Actor)
            SELECT OrganizationId, Id, CampaignId, 'StatusChange', {now}, Status, 'Qualified', '{Actor}'
            FROM Leads WHERE OrganizationId = {organizationId} AND CampaignId = {campaignId} AND Status <> 'Qualified' ORDER BY Id;
            UPDATE FollowUps SET State = 'Cancelled', CancelledAt = {now}, CancelledBy = '{Actor} (status Qualified)'
            WHERE State = 'Scheduled' AND LeadId IN (SELECT Id FROM Leads WHERE OrganizationId = {organizationId} AND CampaignId = {campaignId} AND Status <> 'Qualified');
            UPDATE Leads SET Status = 'Qualified', UpdatedAt = {now}, NextFollowUpAt = NULL
            WHERE OrganizationId = {organizationId} AND CampaignId = {campaignId} AND Status <> 'Qualified';
            COMMIT;
            """);
    }

    private static async Task<(int, int, int)> LargestCampaignAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT OrganizationId, CampaignId, COUNT(*) FROM Leads GROUP BY OrganizationId, CampaignId ORDER BY COUNT(*) DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
    }

    /// <summary>What the undo needs: the campaign's leads as they are, their scheduled retries, the last activity id.</summary>
    private static Task SaveBeforeAsync(SqliteConnection connection, int campaignId) => ExecuteAsync(connection, $"""
        DROP TABLE IF EXISTS temp.bench_leads;
        DROP TABLE IF EXISTS temp.bench_follow_ups;
        DROP TABLE IF EXISTS temp.bench_last;
        CREATE TEMP TABLE bench_leads (Id INTEGER PRIMARY KEY, Status TEXT, UpdatedAt INTEGER, NextFollowUpAt INTEGER);
        INSERT INTO temp.bench_leads SELECT Id, Status, UpdatedAt, NextFollowUpAt FROM Leads WHERE CampaignId = {campaignId};
        CREATE TEMP TABLE bench_follow_ups (Id INTEGER PRIMARY KEY);
        INSERT INTO temp.bench_follow_ups SELECT Id FROM FollowUps WHERE State = 'Scheduled' AND LeadId IN (SELECT Id FROM temp.bench_leads);
        CREATE TEMP TABLE bench_last AS SELECT COALESCE(MAX(Id), 0) AS Id FROM Activities;
        """);

    private static async Task<(int Entries, int FollowUps)> ChangedAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM Activities WHERE Id > (SELECT Id FROM temp.bench_last)),
                   (SELECT COUNT(*) FROM FollowUps WHERE Id IN (SELECT Id FROM temp.bench_follow_ups) AND State = 'Cancelled')
            """;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    private static Task RestoreAsync(SqliteConnection connection) => ExecuteAsync(connection, """
        BEGIN IMMEDIATE;
        UPDATE Leads SET (Status, UpdatedAt, NextFollowUpAt) = (SELECT b.Status, b.UpdatedAt, b.NextFollowUpAt FROM temp.bench_leads b WHERE b.Id = Leads.Id)
        WHERE Id IN (SELECT Id FROM temp.bench_leads);
        UPDATE FollowUps SET State = 'Scheduled', CancelledAt = NULL, CancelledBy = NULL WHERE Id IN (SELECT Id FROM temp.bench_follow_ups);
        DELETE FROM Activities WHERE Id > (SELECT Id FROM temp.bench_last);
        DELETE FROM BulkActions;
        COMMIT;
        """);

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}
