namespace LeadActivity.Domain.Accounts;

/// <summary>The person acting: shown as the author of notes and status changes, and checked for note edits.</summary>
public interface ICurrentUser
{
    /// <summary>A stable identifier of the user.</summary>
    string Id { get; }

    /// <summary>How the user is shown to the team.</summary>
    string Name { get; }

    /// <summary>The user's role in their organization: admins manage members and API keys.</summary>
    OrganizationRole Role { get; }
}

/// <summary>A user fixed at construction: tests, the benchmark, background work.</summary>
public sealed record FixedUser(string Id, string Name, OrganizationRole Role = OrganizationRole.Member) : ICurrentUser;
