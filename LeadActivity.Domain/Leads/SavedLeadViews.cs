using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Leads;

/// <summary>A saved view as the Leads page lists it; <see cref="Mine"/> says whether the person may rename, share or delete it.</summary>
public sealed record SavedLeadViewItem(int Id, string Name, string Query, bool Shared, string OwnerName, bool Mine);

/// <summary>What saving a view gave: the view, or why not.</summary>
public sealed record SavedLeadViewChange(SavedLeadViewItem? View, string? Error)
{
    public bool Succeeded => View is not null;
}

/// <summary>
/// Saved views of the Leads page: a person sees their own and those shared with their organization (the context's
/// organization filter keeps every other organization's out); only the owner changes or deletes one.
/// </summary>
public sealed class SavedLeadViews(IDbContextFactory<LeadActivityDbContext> dbFactory, ICurrentUser user, TimeProvider clock)
{
    /// <summary>The person's own views and the organization's shared ones, by name.</summary>
    public async Task<IReadOnlyList<SavedLeadViewItem>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var views = await db.SavedLeadViews.AsNoTracking()
            .Where(v => v.OwnerId == user.Id || v.Shared)
            .ToListAsync(cancellationToken);
        return [.. views.Select(Item).OrderBy(v => v.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(v => v.Id)];
    }

    /// <summary>A view the person may open (their own or shared), or null.</summary>
    public async Task<SavedLeadViewItem?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var view = await db.SavedLeadViews.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id && (v.OwnerId == user.Id || v.Shared), cancellationToken);
        return view is null ? null : Item(view);
    }

    /// <summary>Saves <paramref name="filter"/> under <paramref name="name"/>: a new view, or the person's own view of that name replaced.</summary>
    public async Task<SavedLeadViewChange> SaveAsync(string? name, LeadFilter filter, bool shared, CancellationToken cancellationToken = default)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
            return new(null, "Give the view a name.");
        if (trimmed.Length > SavedLeadView.MaxNameLength)
            return new(null, $"A view's name has at most {SavedLeadView.MaxNameLength} characters.");
        var query = filter.ViewQuery();
        if (query.Length > SavedLeadView.MaxQueryLength)
            return new(null, "This view has too many filters to save.");

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var view = await db.SavedLeadViews.FirstOrDefaultAsync(v => v.OwnerId == user.Id && v.Name == trimmed, cancellationToken);
        if (view is null)
        {
            view = new SavedLeadView { Name = trimmed, Query = query, OwnerId = user.Id, OwnerName = user.Name, CreatedAt = now };
            db.SavedLeadViews.Add(view);
        }
        view.Query = query;
        view.Shared = shared;
        view.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new(Item(view), null);
    }

    /// <summary>Shares the person's own view with the organization, or makes it theirs alone again. False: no such view of theirs.</summary>
    public async Task<bool> ShareAsync(int id, bool shared, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var view = await db.SavedLeadViews.FirstOrDefaultAsync(v => v.Id == id && v.OwnerId == user.Id, cancellationToken);
        if (view is null)
            return false;
        view.Shared = shared;
        view.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Deletes the person's own view. False: no such view of theirs.</summary>
    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SavedLeadViews.Where(v => v.Id == id && v.OwnerId == user.Id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    private SavedLeadViewItem Item(SavedLeadView v) => new(v.Id, v.Name, v.Query, v.Shared, v.OwnerName, v.OwnerId == user.Id);
}
