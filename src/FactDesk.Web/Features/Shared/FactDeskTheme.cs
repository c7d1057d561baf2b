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
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px", AppbarHeight = "52px" },
    };
}
