using Bunit;
using LeadActivity.App.Components.Import;
using LeadActivity.Domain.Import;
using MudBlazor;
using MudBlazor.Services;

namespace LeadActivity.Tests.Components;

public sealed class ImportProgressPanelTests
{
    [Fact]
    public async Task An_import_that_is_only_starting_does_not_say_it_waits_for_another()
    {
        await using var ctx = NewContext();

        var panel = ctx.Render<ImportProgressPanel>(p => p.Add(x => x.Progress, new ImportProgress(7, LeadImportState.Queued, 0, 500, 0)).Add(x => x.FileName, "leads.csv"));

        Assert.DoesNotContain("Waiting for", panel.Markup);
        Assert.Contains("Starting", panel.Find("#import-progress-text").TextContent);
    }

    [Fact]
    public async Task An_import_queued_behind_another_says_so()
    {
        await using var ctx = NewContext();

        var panel = ctx.Render<ImportProgressPanel>(p => p
            .Add(x => x.Progress, new ImportProgress(8, LeadImportState.Queued, 0, 500, 0) { Ahead = 1 })
            .Add(x => x.FileName, "leads.csv"));

        Assert.Equal("Waiting for the import before it to finish…", panel.Find("#import-progress-text").TextContent.Trim());
    }

    private static BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }
}
