using LeadActivity.Domain.Accounts;

namespace LeadActivity.App.Hosting;

/// <summary>
/// Until sign-in exists, everyone using the dashboard acts as the demo user named in the settings file
/// (<c>Demo:UserName</c>). Accounts will resolve the signed-in user here, and nowhere else.
/// </summary>
internal sealed class DemoCurrentUser(IConfiguration configuration) : ICurrentUser
{
    public string Id => "demo-user";

    public string Name { get; } = configuration["Demo:UserName"] is { Length: > 0 } name ? name : "Demo user";
}
