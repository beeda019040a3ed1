using Bunit;
using LeadActivity.App.Components.Shared;
using LeadActivity.Domain.Leads;
using MudBlazor;
using MudBlazor.Services;

namespace LeadActivity.Tests.Components;

public sealed class LeadStatusChipTests
{
    [Theory]
    [InlineData(LeadStatus.Qualified, "Qualified", "mud-chip-color-success")]
    [InlineData(LeadStatus.DoNotCall, "Do not call", "mud-chip-color-error")]
    public async Task The_chip_shows_the_status_in_words_and_its_colour(LeadStatus status, string words, string colourClass)
    {
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Render<MudPopoverProvider>();

        var chip = ctx.Render<LeadStatusChip>(p => p.Add(c => c.Status, status));

        Assert.Equal(words, chip.Find(".mud-chip").TextContent.Trim());
        Assert.True(chip.Find(".mud-chip").ClassList.Contains(colourClass), chip.Find(".mud-chip").ClassName);
    }
}
