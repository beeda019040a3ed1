using Bunit;
using LeadActivity.App.Components.Campaigns;
using LeadActivity.Domain.Campaigns;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LeadActivity.Tests.Components;

public sealed class LaunchCampaignDialogTests
{
    [Theory]
    [InlineData("2026-11-28", false, "Calls start Monday 09:00 in each lead's local time")]
    [InlineData("2026-11-29", false, "Calls start tomorrow 09:00 in each lead's local time")]
    [InlineData("2026-11-30", false, "Calls start today 09:00 in each lead's local time")]
    [InlineData("2026-11-30", true, "Calls start now")]
    public async Task The_confirmation_names_the_leads_the_channel_and_the_next_calling_window(string today, bool now, string window)
    {
        var plan = new LaunchPlan(666, Channel.Phone, CallingHours.Weekdays9To18, now, new DateTime(2026, 11, 30, 9, 0, 0), DateOnly.Parse(today));

        var provider = await ShowAsync(plan);

        Assert.Equal("Launch and contact 666 leads by phone?", provider.Find("#launch-question").TextContent);
        Assert.StartsWith(window, provider.Find("#launch-window").TextContent);
    }

    [Fact]
    public async Task A_whatsapp_campaign_says_messages()
    {
        var plan = new LaunchPlan(1, Channel.WhatsApp, CallingHours.Weekdays9To18, false, new DateTime(2026, 11, 30, 9, 0, 0), new DateOnly(2026, 11, 28));

        var provider = await ShowAsync(plan);

        Assert.Equal("Launch and message 1 lead on WhatsApp?", provider.Find("#launch-question").TextContent);
        Assert.StartsWith("Messages start Monday 09:00", provider.Find("#launch-window").TextContent);
    }

    private static async Task<IRenderedComponent<MudDialogProvider>> ShowAsync(LaunchPlan plan)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Render<MudPopoverProvider>();
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<LaunchCampaignDialog>("Launch campaign",
            new DialogParameters<LaunchCampaignDialog> { { d => d.Plan, plan } }));
        provider.WaitForElement("#launch-question");
        return provider;
    }
}
