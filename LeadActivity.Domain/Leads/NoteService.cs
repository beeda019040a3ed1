using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Leads;

/// <summary>A note as the lead page shows it.</summary>
public sealed record NoteView(long Id, string Author, string Text, DateTime CreatedAt, DateTime? EditedAt, bool IsMine);

/// <summary>Notes a team leaves on a lead: kept exactly as typed; only their author may edit or delete them.</summary>
public sealed class NoteService(IDbContextFactory<LeadActivityDbContext> dbFactory, ICurrentUser user, TimeProvider clock, ActivityStream stream)
{
    public const int MaxLength = 20_000;

    private static readonly ChangeResult Gone = ChangeResult.NotFound("This note no longer exists.");

    public async Task<IReadOnlyList<NoteView>> ListAsync(int leadId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var notes = await db.Notes.Where(n => n.LeadId == leadId).OrderByDescending(n => n.Id).ToListAsync(cancellationToken);
        return notes.Select(View).ToList();
    }

    /// <summary>Adds a note and its timeline entry; the result's value is the note.</summary>
    public async Task<ChangeResult<NoteView>> AddAsync(int leadId, string text, CancellationToken cancellationToken = default)
    {
        if (Invalid(text) is { } invalid)
            return ChangeResult<NoteView>.Refusal(invalid);
        return await ActivityRecorder.RecordChangeAsync(dbFactory, stream, async (db, ct) =>
        {
            var lead = await db.Leads.Where(l => l.Id == leadId).Select(l => new { l.Id, l.CampaignId }).FirstOrDefaultAsync(ct);
            if (lead is null)
                return ActivityChange<ChangeResult<NoteView>>.Nothing(ChangeResult<NoteView>.Refusal(Gone));

            var now = clock.GetUtcNow().UtcDateTime;
            var note = new Note { LeadId = leadId, AuthorId = user.Id, Author = user.Name, Text = text, CreatedAt = now };
            db.Notes.Add(note);
            var entry = new Activity
            {
                LeadId = leadId,
                CampaignId = lead.CampaignId,
                Kind = ActivityKind.Note,
                OccurredAt = now,
                Actor = user.Name,
                Note = note,
            };
            db.Activities.Add(entry);
            await db.SaveChangesAsync(ct);
            return new ActivityChange<ChangeResult<NoteView>>(ChangeResult.DoneWith(View(note)), [entry]);
        }, cancellationToken);
    }

    public async Task<ChangeResult> EditAsync(long noteId, string text, CancellationToken cancellationToken = default)
    {
        if (Invalid(text) is { } invalid)
            return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (note, refused) = await FindOwnAsync(db, noteId, cancellationToken);
        if (note is null)
            return refused;
        note.Text = text;
        note.EditedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return ChangeResult.Done;
    }

    /// <summary>Deletes the note and, with it, its timeline entry.</summary>
    public async Task<ChangeResult> DeleteAsync(long noteId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (note, refused) = await FindOwnAsync(db, noteId, cancellationToken);
        if (note is null)
            return refused;
        db.Notes.Remove(note);
        await db.SaveChangesAsync(cancellationToken);
        return ChangeResult.Done;
    }

    /// <summary>The note, when it exists and the current user wrote it; otherwise why not.</summary>
    private async Task<(Note? Note, ChangeResult Refused)> FindOwnAsync(LeadActivityDbContext db, long noteId, CancellationToken cancellationToken)
    {
        var note = await db.Notes.FirstOrDefaultAsync(n => n.Id == noteId, cancellationToken);
        if (note is null)
            return (null, Gone);
        return note.AuthorId == user.Id ? (note, ChangeResult.Done) : (null, ChangeResult.Forbidden("Only the note's author can change it."));
    }

    private NoteView View(Note n) => new(n.Id, n.Author, n.Text, n.CreatedAt, n.EditedAt, n.AuthorId == user.Id);

    private static ChangeResult? Invalid(string? text) =>
        string.IsNullOrWhiteSpace(text) ? ChangeResult.Invalid("A note needs some text.")
        : text.Length > MaxLength ? ChangeResult.Invalid($"A note can be at most {MaxLength:N0} characters.")
        : null;
}
