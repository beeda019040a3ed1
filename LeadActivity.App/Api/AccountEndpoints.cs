using LeadActivity.App.Hosting;
using LeadActivity.Domain.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace LeadActivity.App.Api;

internal static class AccountEndpoints
{
    /// <summary><c>POST /account/sign-out</c>: a form post (with its antiforgery token) from the app bar's menu.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        // The token is checked here rather than by the antiforgery middleware: its refusal left a bare 400 that the
        // status code pages re-ran as a POST to the not-found page, which failed (a 500 in Production). A post without
        // a valid token (another site's form, an expired page) keeps the member signed in and says so.
        routes.MapPost("/account/sign-out", async (HttpContext context, IAntiforgery antiforgery, SignInManager<LeadActivityUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                await ErrorResponses.WriteMessagePageAsync(context, StatusCodes.Status400BadRequest, "Not signed out", "You are still signed in",
                    "<p>The sign-out did not come from a current LeadActivity page, so nothing changed. Open the app and use Sign out in its menu.</p>",
                    "/", "Back to the dashboard");
                return;
            }
            await signIn.SignOutAsync();
            context.Response.Redirect(AccessControl.SignInPath);
        }).RequireAuthorization(AccessControl.SignedIn).DisableAntiforgery();
        return routes;
    }
}
