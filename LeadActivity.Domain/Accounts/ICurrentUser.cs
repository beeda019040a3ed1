namespace LeadActivity.Domain.Accounts;

/// <summary>The person acting: shown as the author of notes and status changes, and checked for note edits.</summary>
public interface ICurrentUser
{
    /// <summary>A stable identifier of the user.</summary>
    string Id { get; }

    /// <summary>How the user is shown to the team.</summary>
    string Name { get; }
}

/// <summary>A user fixed at construction: tests, the benchmark, background work.</summary>
public sealed record FixedUser(string Id, string Name) : ICurrentUser;
