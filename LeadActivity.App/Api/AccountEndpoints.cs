using LeadActivity.App.Hosting;
using LeadActivity.Domain.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LeadActivity.App.Api;

internal static class AccountEndpoints
{
    /// <summary><c>POST /account/sign-out</c>: a form post (with its antiforgery token) from the app bar's menu.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        // The form field makes this a form endpoint, which is what turns on antiforgery validation for it.
        routes.MapPost("/account/sign-out", async (SignInManager<LeadActivityUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect(AccessControl.SignInPath);
        }).RequireAuthorization(AccessControl.SignedIn);
        return routes;
    }
}
