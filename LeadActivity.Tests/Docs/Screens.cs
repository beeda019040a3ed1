using LeadActivity.Tests.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LeadActivity.Tests.Docs;

/// <summary>Runs only when asked (<c>LEADACTIVITY_SCREENS=1</c>): it writes files into the repository.</summary>
public sealed class ScreensFactAttribute : FactAttribute
{
    public ScreensFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("LEADACTIVITY_SCREENS") != "1")
            Skip = "Writes docs/screens/; run with LEADACTIVITY_SCREENS=1.";
        else if (!Chromium.IsInstalled)
            Skip = $"Chromium not found at {Chromium.ExecutablePath}: {Chromium.InstallHint}.";
    }
}

/// <summary>
/// Screenshots of every signed-in page at phone (390 px) and desktop (1,440 px) width in both themes, written to
/// <c>docs/screens/</c> and listed in <c>docs/screens/README.md</c>. Not a test of anything: a way to regenerate them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class Screens(BrowserFixture browser)
{
    private static readonly (string Name, int Width, int Height)[] Screen = [("phone", 390, 844), ("desktop", 1440, 900)];

    [ScreensFact]
    public async Task Write_every_page_at_phone_and_desktop_width_in_both_themes()
    {
        var (leadId, callId) = await browser.AddLeadWithCallAsync("Ada Lovelace");
        await browser.AddConversationAsync(leadId);
        int campaignId;
        await using (var db = browser.App.Database.CreateContext(1))
            campaignId = await db.Leads.Where(l => l.Id == leadId).Select(l => l.CampaignId).SingleAsync();
        var pages = new (string File, string Title, string Path)[]
        {
            ("home", "Dashboard", "/"),
            ("leads", "Leads", "/leads"),
            ("lead", "A lead", $"/leads/{leadId}"),
            ("lead-call", "A lead with its call open", $"/leads/{leadId}/calls/{callId}"),
            ("campaigns", "Campaigns", "/campaigns"),
            ("campaign-overview", "A campaign: overview", $"/campaigns/{campaignId}"),
            ("campaign-leads", "A campaign: leads", $"/campaigns/{campaignId}/leads"),
            ("campaign-fields", "A campaign: fields", $"/campaigns/{campaignId}/fields"),
            ("campaign-follow-ups", "A campaign: follow-ups", $"/campaigns/{campaignId}/follow-ups"),
            ("new-campaign", "New campaign", "/campaigns/new"),
            ("settings-members", "Settings: members", "/settings"),
            ("settings-api-keys", "Settings: API keys", "/settings/api-keys"),
            ("settings-audit", "Settings: audit trail of bulk actions", "/settings/audit"),
        };
        var folder = Path.Combine(RepositoryRoot(), "docs", "screens");
        Directory.CreateDirectory(folder);

        foreach (var theme in new[] { "light", "dark" })
        foreach (var (screen, width, height) in Screen)
        {
            var page = await browser.NewPageAsync();
            await page.SetViewportSizeAsync(width, height);
            await page.OpenAsync("/");
            await ChooseThemeAsync(page, theme == "dark");
            foreach (var (file, _, path) in pages)
            {
                await page.OpenAsync(path);
                await page.Mouse.MoveAsync(0, height - 1); // no tooltip from where the theme button was
                await page.WaitForTimeoutAsync(800);  // data loaded, drawers and tabs settled
                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{file}-{screen}-{theme}.png"), FullPage = true });
            }
            await page.Context.CloseAsync();
        }

        var index = new List<string> { "# Screens", "", "Every signed-in page at 390 px (phone) and 1,440 px (desktop), light and dark, with the test data.",
            "Regenerate with `LEADACTIVITY_SCREENS=1 dotnet test LeadActivity.Tests --filter FullyQualifiedName~Docs.Screens`.", "",
            "| Page | Phone, light | Phone, dark | Desktop, light | Desktop, dark |", "|---|---|---|---|---|" };
        index.AddRange(pages.Select(p => $"| {p.Title} | [png]({p.File}-phone-light.png) | [png]({p.File}-phone-dark.png) | [png]({p.File}-desktop-light.png) | [png]({p.File}-desktop-dark.png) |"));
        await File.WriteAllLinesAsync(Path.Combine(folder, "README.md"), index);
    }

    private static async Task ChooseThemeAsync(IPage page, bool dark)
    {
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = dark ? "Switch to dark theme" : "Switch to light theme" });
        if (await toggle.CountAsync() > 0)
            await toggle.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = dark ? "Switch to light theme" : "Switch to dark theme" })).ToBeVisibleAsync();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LeadActivity.sln")))
                return dir.FullName;
        throw new InvalidOperationException("LeadActivity.sln not found above the test's folder.");
    }
}
