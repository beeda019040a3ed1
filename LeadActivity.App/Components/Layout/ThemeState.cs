namespace LeadActivity.App.Components.Layout;

/// <summary>The circuit's light/dark choice; the browser remembers it in a cookie so the next visit starts in it.</summary>
public sealed class ThemeState
{
    public const string CookieName = "la-theme";

    public bool IsDark { get; private set; }

    public event Action? Changed;

    public void Initialize(bool isDark) => IsDark = isDark;

    public void Set(bool isDark)
    {
        if (IsDark == isDark)
            return;
        IsDark = isDark;
        Changed?.Invoke();
    }

    public static bool IsDarkCookie(string? value) => value == "dark";
}
