using LeadActivity.Domain.Demo;

namespace LeadActivity.App.Hosting;

/// <summary>The <c>Demo</c> section of the settings file.</summary>
internal sealed class DemoSettings
{
    public const string Section = "Demo";

    public bool Enabled { get; init; } = true;
    public int Leads { get; init; } = 2000;
    public string OrganizationSlug { get; init; } = "demo";
    public string OrganizationName { get; init; } = "Demo Company";

    /// <summary>A demo-only key for the ingestion API, registered (as a hash) when the demo is seeded.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The demo admin's sign-in; an empty email or password means no demo sign-in.</summary>
    public string? AdminEmail { get; init; }
    public string AdminName { get; init; } = "Demo admin";
    public string? AdminPassword { get; init; }

    /// <summary>A second, small organization (with its own admin, same password) that shows one never sees the other.</summary>
    public DemoOrganizationSettings? SecondOrganization { get; init; }

    public DemoAccount? Admin => Account(AdminEmail, AdminName);

    /// <summary>The organizations to seed, the demo one first.</summary>
    public IReadOnlyList<DemoSeedOptions> Organizations(DateTime now)
    {
        var organizations = new List<DemoSeedOptions>
        {
            new() { OrganizationSlug = OrganizationSlug, OrganizationName = OrganizationName, Leads = Leads, ApiKey = ApiKey, Admin = Admin, Now = now },
        };
        if (SecondOrganization is { Slug.Length: > 0 } second)
        {
            organizations.Add(new DemoSeedOptions
            {
                OrganizationSlug = second.Slug, OrganizationName = second.Name, Leads = second.Leads, RandomSeed = 20261127,
                Admin = Account(second.AdminEmail, second.AdminName), Now = now,
            });
        }
        return organizations;
    }

    private DemoAccount? Account(string? email, string name) =>
        email is { Length: > 0 } && AdminPassword is { Length: > 0 } password ? new DemoAccount(email, name, password) : null;
}

internal sealed class DemoOrganizationSettings
{
    public string Slug { get; init; } = "";
    public string Name { get; init; } = "";
    public int Leads { get; init; } = 40;
    public string? AdminEmail { get; init; }
    public string AdminName { get; init; } = "Demo admin";
}
