using System.Collections.Concurrent;

namespace LeadActivity.Domain.Accounts;

/// <summary>
/// Lockout after failed sign-ins, counted per email and client address together: five wrong passwords for one email
/// from one address lock that email for that address for 15 minutes, whether or not an account has it, so the answer
/// never tells a stranger which emails have accounts, and nobody elsewhere can lock a member out by guessing at their
/// email. Guessing from many addresses is bounded by the per-address sign-in rate limit. Counts are kept in memory,
/// per app server: a restart forgets them.
/// </summary>
public sealed class SignInLockout(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(15);

    // Entries are dropped once expired, swept when the table grows, so a flood of invented emails cannot grow it for ever.
    private const int SweepAbove = 10_000;
    private readonly ConcurrentDictionary<(string Email, string Address), Failures> _failures = new();

    private sealed record Failures(int Count, DateTimeOffset Since, DateTimeOffset? LockedUntil);

    /// <summary>Whether sign-ins for <paramref name="email"/> from <paramref name="address"/> are refused unchecked.</summary>
    public bool IsLockedOut(string email, string address) =>
        _failures.TryGetValue(Key(email, address), out var failures) && failures.LockedUntil > clock.GetUtcNow();

    /// <summary>Counts a wrong password; true when this one locks the email for the address.</summary>
    public bool RecordFailure(string email, string address)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count > SweepAbove)
            Sweep(now);
        var failures = _failures.AddOrUpdate(Key(email, address),
            _ => new Failures(1, now, null),
            (_, previous) => Expired(previous, now) ? new Failures(1, now, null) : previous with { Count = previous.Count + 1 });
        if (failures.Count < MaxFailures)
            return false;
        _failures[Key(email, address)] = failures with { LockedUntil = now + Duration };
        return true;
    }

    /// <summary>A right password from the address clears its count.</summary>
    public void RecordSuccess(string email, string address) => _failures.TryRemove(Key(email, address), out _);

    private static (string, string) Key(string email, string address) => (email.Trim().ToUpperInvariant(), address);

    private static bool Expired(Failures failures, DateTimeOffset now) =>
        failures.LockedUntil is { } until ? until <= now : failures.Since + Duration <= now;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
            if (Expired(failures, now))
                _failures.TryRemove(key, out _);
    }
}
