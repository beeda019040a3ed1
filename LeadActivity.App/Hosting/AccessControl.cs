using Microsoft.Extensions.Options;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace LeadActivity.App.Hosting;

/// <summary>
/// Who may do what, in one place: Identity accounts with cookies for people, API keys for the agent, a fallback policy
/// that makes every endpoint require a signed-in member unless it says otherwise, the organization taken from the
/// principal (<see cref="CurrentMember"/>), rate limits, and the security headers.
/// </summary>
internal static class AccessControl
{
    public const string SignInPath = "/account/sign-in";
    public const string ChangePasswordPath = "/account/change-password";
    public const string AdminsOnly = "admins";
    public const string SignedIn = "signed-in";
    public const string Ingestion = "ingestion";
    public const string MemberOrApiKey = "member-or-api-key";

    /// <summary>How soon open sessions notice a removed account, a new role or a reset password.</summary>
    public static readonly TimeSpan RevalidationInterval = TimeSpan.FromMinutes(1);

    private static RateLimitSettings Limits(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<RateLimitSettings>>().Value;

    public static void AddAccessControl(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddIdentityCore<LeadActivityUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                // Sign-in does not use Identity's per-account lockout (anyone could lock a known member out, and it only
                // answered for real accounts): SignInLockout counts per email and client address. These settings only
                // govern a lockout already stored on an account by an earlier version, which a password reset lifts.
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<LeadActivityDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<MemberClaimsPrincipalFactory>();
        services.AddSingleton<SignInLockout>();
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = RevalidationInterval);

        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(options =>
            {
                options.LoginPath = SignInPath;
                options.LogoutPath = "/account/sign-out";
                options.AccessDeniedPath = "/account/access-denied";
                options.Cookie.Name = "LeadActivity.SignIn";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                // The sign-in redirect names a path, never the request's Host header.
                options.Events.OnRedirectToLogin = RedirectWithinAppAsync;
                options.Events.OnRedirectToAccessDenied = RedirectWithinAppAsync;
            }));
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        // Everything needs a signed-in member who has set their own password, unless it opts out ([AllowAnonymous]) or
        // names its own policy. A member still on a one-time password is forbidden and sent to change it.
        var member = new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(MemberClaims.OrganizationId)
            .RequireAssertion(context => !context.User.HasClaim(MemberClaims.MustChangePassword, "true"))
            .Build();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(member)
            // Pages carry [Authorize] (so an open circuit notices when its sign-in ends); it means the same as the fallback.
            .SetDefaultPolicy(member)
            .AddPolicy(AdminsOnly, policy => policy.Combine(member).RequireRole(MemberClaims.AdminRole))
            .AddPolicy(SignedIn, policy => policy.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser())
            .AddPolicy(Ingestion, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser().RequireClaim(MemberClaims.OrganizationId))
            // The API's description, for the people and the agent that use it.
            .AddPolicy(MemberOrApiKey, policy => policy.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser().RequireClaim(MemberClaims.OrganizationId));
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, MemberAuthenticationStateProvider>();

        services.AddScoped<CurrentMember>();
        services.AddScoped<Domain.Organizations.IOrganizationScope>(sp => sp.GetRequiredService<CurrentMember>());
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentMember>());
        services.AddScoped<CircuitHandler, MemberCircuitHandler>();

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Sign-in attempts per client address, whatever account they aim at (lockout covers one email from one address).
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && IsSignIn(context.Request.Path)
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = Limits(context).SignInPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            // Ingestion requests per organization (a batch counts once).
            options.AddPolicy(Ingestion, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.FindFirst(MemberClaims.OrganizationId)?.Value ?? ClientAddress(context),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Limits(context).IngestionRequestsPerSecond, TokensPerPeriod = Limits(context).IngestionRequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0, AutoReplenishment = true,
                }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                if (IsSignIn(context.HttpContext.Request.Path))
                {
                    // A person at the sign-in form: a page saying how long to wait, not problem details.
                    var minutes = (int)Math.Ceiling(retryAfter / 60.0);
                    await ErrorResponses.WriteMessagePageAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Sign in", "Sign in",
                        $"<p id=\"sign-in-error\" role=\"alert\">Too many attempts, try again in {minutes} minute{(minutes == 1 ? "" : "s")}.</p>",
                        SignInPath, "Back to sign-in");
                    return;
                }
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"Slow down: try again in {retryAfter} s.").ExecuteAsync(context.HttpContext);
            };
        });
    }

    /// <summary>
    /// Authentication, authorization and rate limits, then the member of the request. Goes after routing (endpoint
    /// metadata decides the policy) and before the endpoints.
    /// </summary>
    public static void UseAccessControl(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use((context, next) =>
        {
            context.RequestServices.GetRequiredService<CurrentMember>().Use(context.User);
            return next(context);
        });
        app.UseRateLimiter();
    }

    private static Task RedirectWithinAppAsync(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : context.RedirectUri);
        return Task.CompletedTask;
    }

    // Routing also takes "/account/sign-in/" and any letter case: the limit must too.
    private static bool IsSignIn(PathString path) => (path.Value ?? "").TrimEnd('/').Equals(SignInPath, StringComparison.OrdinalIgnoreCase);

    private static string ClientAddress(HttpContext context) => (context.Connection.RemoteIpAddress ?? IPAddress.None).ToString();
}

/// <summary>The <c>RateLimits</c> section of the settings file.</summary>
internal sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    public int SignInPerMinute { get; init; } = 10;
    public int IngestionRequestsPerSecond { get; init; } = 10_000;
}
