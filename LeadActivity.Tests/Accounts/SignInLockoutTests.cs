using LeadActivity.Domain.Accounts;
using Microsoft.Extensions.Time.Testing;

namespace LeadActivity.Tests.Accounts;

public sealed class SignInLockoutTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void The_fifth_failure_locks_the_email_for_that_address_only_for_fifteen_minutes()
    {
        var lockout = new SignInLockout(_clock);

        var locked = Enumerable.Range(0, 5).Select(_ => lockout.RecordFailure("Sam@Demo.example ", "203.0.113.7")).ToList();

        Assert.Equal([false, false, false, false, true], locked);
        Assert.True(lockout.IsLockedOut("sam@demo.example", "203.0.113.7"));
        Assert.False(lockout.IsLockedOut("sam@demo.example", "198.51.100.20"));
        Assert.False(lockout.IsLockedOut("alex@harbor.example", "203.0.113.7"));
        _clock.Advance(TimeSpan.FromMinutes(15));
        Assert.False(lockout.IsLockedOut("sam@demo.example", "203.0.113.7"));
        Assert.False(lockout.RecordFailure("sam@demo.example", "203.0.113.7")); // a fresh count after the lock
    }

    [Fact]
    public void Failures_older_than_fifteen_minutes_no_longer_count_and_a_right_password_clears_them()
    {
        var lockout = new SignInLockout(_clock);
        for (var i = 0; i < 4; i++)
            lockout.RecordFailure("sam@demo.example", "203.0.113.7");

        _clock.Advance(TimeSpan.FromMinutes(16));
        Assert.False(lockout.RecordFailure("sam@demo.example", "203.0.113.7"));

        for (var i = 0; i < 3; i++)
            lockout.RecordFailure("sam@demo.example", "203.0.113.7");
        lockout.RecordSuccess("sam@demo.example", "203.0.113.7");
        Assert.False(lockout.RecordFailure("sam@demo.example", "203.0.113.7"));
    }
}
