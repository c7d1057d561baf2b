using MudBlazor.Services;

namespace FactDesk.Web.Components;

public static class ComponentsRegistration
{
    /// <summary>Interactive server components and MudBlazor, with MudBlazor's own words in the page's language.</summary>
    public static void AddFactDeskComponents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = 256 * 1024);
        // Snackbars at the bottom: at MudBlazor's top right they covered the header and, on a phone, the page's heading
        // and tools (app.css keeps them clear of a phone's claim sheet).
        builder.Services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft);
        // MudBlazor's own words (pager, clear buttons, loading) in the page's language, from Resources/MudBlazorText.
        builder.Services.AddTransient<MudBlazor.MudLocalizer, FactDesk.Web.Localization.FactDeskMudLocalizer>();
    }
}
