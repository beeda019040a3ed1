using MudBlazor;

namespace LeadActivity.App.Components.Layout;

internal static class LeadActivityTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            AppbarBackground = "#283593",
            Background = "#f5f6fa",
            // Status colours as text on their own light tint (text chips) and under white text (filled chips) read at
            // 4.5:1 at least; MudBlazor's defaults read at 2 to 3.7:1.
            Info = "#1565c0",
            Success = "#236c27",
            Warning = "#9a4d00",
            Error = "#b71c1c",
            Secondary = "#00695c",
            TextSecondary = "rgba(0,0,0,0.6)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            Secondary = "#4db6ac",
            AppbarBackground = "#1a1a27",
            Background = "#121218",
            Surface = "#1e1e2a",
            // MudBlazor's dark grey is the surface's own colour: "Not interested" (and "Completed") would vanish.
            Dark = "#c5c7d4",
            DarkContrastText = "#1e1e2a",
            // The dark theme's colours are light, so what is written on them (buttons, filled chips, outbound bubbles) is dark.
            PrimaryContrastText = "#1a1a27",
            SecondaryContrastText = "#1a1a27",
            InfoContrastText = "#1a1a27",
            SuccessContrastText = "#1a1a27",
            WarningContrastText = "#1a1a27",
            Error = "#ff6f80",
            // MudBlazor's half-white secondary text falls just under 4.5:1 on the tinted surfaces (code, table rows).
            TextSecondary = "rgba(255,255,255,0.6)",
            ErrorContrastText = "#1a1a27",
        },
    };
}
