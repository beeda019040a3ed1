using MudBlazor;

namespace LeadActivity.App.Components.Layout;

internal static class LeadActivityTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00897b",
            AppbarBackground = "#283593",
            Background = "#f5f6fa",
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
        },
    };
}
