using Bunit;
using LeadActivity.Domain;
using LeadActivity.Domain.Organizations;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LeadActivity.Tests.Support;

/// <summary>A bUnit context rendering interactively, as a circuit does, with MudBlazor and the domain services on a test database.</summary>
public static class InteractiveContext
{
    /// <summary>
    /// Render a <c>MudPopoverProvider</c> in it before the component under test; <paramref name="clock"/> replaces the
    /// system's, and <paramref name="services"/> adds or replaces services (before anything is rendered).
    /// </summary>
    public static BunitContext For(TestDatabase database, int organizationId, TimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddScoped<LeadActivity.App.Components.Shared.UserClock>();
        ctx.Services.AddScoped<LeadActivity.App.Components.Activity.LiveCircuit>();
        ctx.Services.AddSingleton(new LeadActivity.App.Components.Activity.LiveRenderGate(concurrency: 1));
        ctx.Services.AddLeadActivityDomain(database.Database);
        ctx.Services.AddSingleton<IOrganizationScope>(new FixedOrganizationScope(organizationId));
        if (clock is not null)
            ctx.Services.AddSingleton(clock);
        services?.Invoke(ctx.Services);
        ctx.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return ctx;
    }
}
