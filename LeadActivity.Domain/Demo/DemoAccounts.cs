using LeadActivity.Domain.Accounts;

namespace LeadActivity.Domain.Demo;

/// <summary>A demo sign-in from the settings file.</summary>
public sealed record DemoAccount(string Email, string DisplayName, string Password, OrganizationRole Role = OrganizationRole.Admin);

/// <summary>Creates the demo organizations' sign-ins when they are missing; an existing account is left as its owner changed it.</summary>
public static class DemoAccounts
{
    /// <returns>True when the account was created now.</returns>
    public static Task<bool> EnsureAsync(string connectionString, int organizationId, DemoAccount account, DateTime now, CancellationToken cancellationToken = default) =>
        OrganizationSetup.EnsureAccountAsync(connectionString, organizationId, account.Email, account.DisplayName, account.Password, account.Role, now, cancellationToken);
}
