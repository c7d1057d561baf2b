using MudBlazor;

namespace FactDesk.Web.Features.Shared;

public static class FactDeskTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f3a5f",
            Secondary = "#b3261e",
            AppbarBackground = "#ffffff",
            AppbarText = "#1b1f24",
            Background = "#f6f7f9",
            Surface = "#ffffff",
            TextPrimary = "#1b1f24",
            TextSecondary = "#4a5462",
            LinesDefault = "#e2e5ea",
            // MudBlazor's own reds, ambers and greens fall below 4.5:1 as text on white (a red Revoke was 3.68:1).
            Error = "#b3261e",
            Warning = "#8a4b00",
            Success = "#1b6e35",
            Info = "#1f58b8",
            TextDisabled = "rgba(0,0,0,0.54)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
            // Sentence case on every button, as everywhere else in the interface.
            Button = new ButtonTypography { TextTransform = "none" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px", AppbarHeight = "52px" },
    };
}
