using LeadActivity.Domain.Accounts;

namespace LeadActivity.Domain.Demo;

/// <summary>A demo sign-in from the settings file.</summary>
public sealed record DemoAccount(string Email, string DisplayName, string Password, OrganizationRole Role = OrganizationRole.Admin);
