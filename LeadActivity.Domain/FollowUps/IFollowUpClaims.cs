using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Domain.FollowUps;

/// <summary>
/// How <see cref="FollowUpDispatcher"/> takes due follow-ups, across organizations, so that each goes to exactly one
/// dispatcher, also with several app servers dispatching at once.
/// </summary>
public interface IFollowUpClaims
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> follow-ups of active campaigns due at <paramref name="now"/>, oldest first:
    /// each moves from scheduled to dispatched, unless <paramref name="opening"/> says its lead's calling window opens
    /// later, when it moves to that time instead. Returns the claimed ones.
    /// </summary>
    Task<IReadOnlyList<FollowUp>> ClaimDueAsync(LeadActivityDbContext db, DateTime now, int limit, Func<Campaign, Lead, DateTime> opening,
        CancellationToken cancellationToken);
}
