using System.Net;

namespace LeadActivity.Bench;

/// <summary>Signing a bench's browserless client in through the app's real form, as a person's browser does.</summary>
internal static class BenchSignIn
{
    /// <summary>Signs in through the real form (antiforgery token and all); the cookie stays in the client's container.</summary>
    public static async Task SignInAsync(HttpClient browser, string email, string password)
    {
        var form = await browser.GetStringAsync("account/sign-in");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        using var response = await browser.PostAsync("account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token.Success ? token.Groups[1].Value : throw new InvalidOperationException("The sign-in page has no antiforgery token."),
            ["_handler"] = "sign-in",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}, not a redirect.");
    }
}
