using LeadActivity.Domain.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LeadActivity.App.Hosting;

/// <summary>
/// Gives a circuit's <see cref="CurrentMember"/> the circuit's signed-in user when the circuit opens (before its
/// components render), and again whenever the authentication state changes (e.g. the account was removed: the organization becomes 0 and the
/// circuit's queries find nothing).
/// </summary>
internal sealed class MemberCircuitHandler(AuthenticationStateProvider authentication, CurrentMember member) : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged += OnChanged;
        member.Use((await authentication.GetAuthenticationStateAsync()).User);
    }

    private async void OnChanged(Task<AuthenticationState> state)
    {
        try
        {
            member.Use((await state).User);
        }
        catch (Exception)
        {
            // A failed state cannot grant anything: act as nobody.
            member.Use(new System.Security.Claims.ClaimsPrincipal());
        }
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnChanged;
}

/// <summary>
/// Re-checks an open circuit's user against the database every minute: a removed account, a changed role or a reset
/// password (each changes the security stamp) ends the circuit's access without waiting for the cookie to expire.
/// </summary>
internal sealed class MemberAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => AccessControl.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LeadActivityUser>>();
        var user = await users.GetUserAsync(state.User);
        if (user is null)
            return false;
        if (!users.SupportsUserSecurityStamp)
            return true;
        var stamp = state.User.FindFirst(options.Value.ClaimsIdentity.SecurityStampClaimType)?.Value;
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
