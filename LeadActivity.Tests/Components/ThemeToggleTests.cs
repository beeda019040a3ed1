using Bunit;
using LeadActivity.App.Components.Layout;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LeadActivity.Tests.Components;

public sealed class ThemeToggleTests
{
    [Fact]
    public async Task Clicking_the_toggle_switches_to_dark_and_remembers_it_in_the_browser()
    {
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        var theme = new ThemeState();
        ctx.Services.AddSingleton(theme);
        ctx.Render<MudPopoverProvider>();

        var toggle = ctx.Render<ThemeToggle>();
        Assert.Equal("Switch to dark theme", toggle.Find("#theme-toggle").GetAttribute("aria-label"));

        await toggle.Find("#theme-toggle").ClickAsync(new());

        Assert.True(theme.IsDark);
        Assert.Equal("Switch to light theme", toggle.Find("#theme-toggle").GetAttribute("aria-label"));
        var remembered = Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "leadActivity.rememberTheme");
        Assert.Equal("dark", remembered.Arguments[0]);
    }
}
