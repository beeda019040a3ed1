namespace LeadActivity.App.Components.Account;

/// <summary>Where to go after signing in: only an address on this site, so a crafted link cannot send people elsewhere.</summary>
internal static class LocalReturnUrl
{
    public static string Or(string? returnUrl, string fallback) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || url[1] is not '/' and not '\\')
            && Uri.IsWellFormedUriString(url, UriKind.Relative)
            ? url
            : fallback;
}
