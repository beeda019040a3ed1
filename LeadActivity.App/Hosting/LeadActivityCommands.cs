using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.App.Hosting;

/// <summary>Commands run instead of the web app: <c>create-organization "Name" email ["Admin name"]</c>.</summary>
internal static class LeadActivityCommands
{
    public const string CreateOrganization = "create-organization";

    /// <summary>Creates an organization and its first admin, and prints the admin's one-time password.</summary>
    public static async Task<int> CreateOrganizationAsync(string[] args, LeadActivityDatabase database)
    {
        if (args.Length is < 2 or > 3)
        {
            Console.Error.WriteLine($"Usage: dotnet run --project LeadActivity.App -- {CreateOrganization} \"Organization name\" admin@example.com [\"Admin name\"]");
            return 2;
        }
        await DatabaseInitializer.MigrateAsync(database);
        try
        {
            var created = await OrganizationSetup.CreateAsync(database, args[0], args[1], args.Length > 2 ? args[2] : args[1], DateTime.UtcNow);
            Console.WriteLine($"Created the organization “{args[0].Trim()}” ({created.Slug}).");
            Console.WriteLine($"Sign in as {created.Email} with the one-time password {created.OneTimePassword} — it must be changed at the first sign-in.");
            return 0;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"Not created: {e.Message}");
            return 1;
        }
    }
}
