using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LeadActivity.App.Hosting;

/// <summary>
/// The ingestion API's authentication: the organization's key in <c>X-Api-Key</c> becomes a principal carrying that
/// organization, so the API is scoped by the same <see cref="CurrentMember"/> as the dashboard. A missing, unknown or
/// revoked key is answered 401 with problem details.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyAuthenticator keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var key))
            return AuthenticateResult.NoResult();
        var organization = await keys.FindOrganizationAsync(key.ToString(), Context.RequestAborted);
        if (organization is null)
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        var identity = new ClaimsIdentity(
            [
                new Claim(MemberClaims.OrganizationId, organization.Value.ToString(CultureInfo.InvariantCulture)),
                new Claim(MemberClaims.DisplayName, "API key"),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Missing or wrong API key",
            detail: $"Send your organization's API key in the {Header} header.").ExecuteAsync(Context);
    }

    // The default is an empty 403, which the pages' status code handling would turn into a page.
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            detail: "This API key may not do that.").ExecuteAsync(Context);
    }
}
