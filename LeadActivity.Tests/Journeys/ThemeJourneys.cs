using System.Text.RegularExpressions;
using LeadActivity.Tests.Browser;
using Microsoft.Playwright;

namespace LeadActivity.Tests.Journeys;

/// <summary>What a person reads stays readable in both themes: the theme chosen by its button, the text measured as drawn.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ThemeJourneys(BrowserFixture browser)
{
    // The contrast of an element's text against what is drawn behind it, blending translucent backgrounds up to the first opaque one.
    private const string Contrast = """
        element => {
            const rgba = c => { const m = c.match(/[\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
            const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
            const layers = [];
            for (let e = element; e; e = e.parentElement) {
                const bg = rgba(getComputedStyle(e).backgroundColor);
                if (bg[3] > 0) layers.push(bg);
                if (bg[3] >= 1) break;
            }
            let back = [255, 255, 255, 1];
            for (const layer of layers.reverse()) back = over(layer, back);
            const text = over(rgba(getComputedStyle(element).color), back);
            const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
            const [a, b] = [lum(text), lum(back)].sort((x, y) => y - x);
            return (a + 0.05) / (b + 0.05);
        }
        """;

    [BrowserFact]
    public async Task Every_status_chip_on_the_Leads_page_is_readable_in_the_dark_theme_too()
    {
        var page = await browser.NewPageAsync();
        await page.OpenAsync("/leads");
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" });
        if (await toggle.CountAsync() > 0)
            await toggle.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();

        var chips = page.Locator(".mud-chip-content").Filter(new() { HasTextRegex = new Regex("^(New|Contacted|Qualified|Callback|Not interested|Unreachable|Do not call)") });
        await Assertions.Expect(chips.First).ToBeVisibleAsync();
        foreach (var chip in await chips.AllAsync())
        {
            var ratio = await chip.EvaluateAsync<double>(Contrast);
            Assert.True(ratio >= 4.5, $"“{await chip.TextContentAsync()}” reads at {ratio:0.00}:1 in the dark theme.");
        }
    }

    [BrowserFact]
    public async Task The_call_recording_player_is_drawn_dark_in_the_dark_theme()
    {
        var (leadId, callId) = await browser.AddLeadWithCallAsync("Pia Player");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads/{leadId}");
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" });
        if (await toggle.CountAsync() > 0)
            await toggle.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();

        await page.Locator($"[data-activity-id='{callId}'] .la-call-link").ClickAsync();
        var player = page.Locator("#call-recording");
        await Assertions.Expect(player).ToBeVisibleAsync();
        // The browser draws the player's controls: light ones unless the element's color-scheme says dark.
        Assert.Equal("dark", await player.EvaluateAsync<string>("e => getComputedStyle(e).colorScheme"));
    }

    [BrowserFact]
    public async Task A_first_visit_follows_the_systems_dark_setting_and_a_persons_choice_wins_after()
    {
        var page = await browser.NewPageAsync();
        await page.Context.ClearCookiesAsync(new() { Name = "la-theme" }); // signed in, but no theme remembered yet
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.OpenAsync("/");
        var toLight = page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" });
        await Assertions.Expect(toLight).ToBeVisibleAsync(); // the dark theme is on

        await toLight.ClickAsync();
        var toDark = page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" });
        await Assertions.Expect(toDark).ToBeVisibleAsync();
        await page.OpenAsync("/leads"); // the next page opens in the person's choice, not the system's
        await Assertions.Expect(toDark).ToBeVisibleAsync();
    }
}
