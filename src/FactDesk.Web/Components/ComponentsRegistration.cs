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
        builder.Services.AddMudServices();
        // MudBlazor's own words (pager, clear buttons, loading) in the page's language, from Resources/MudBlazorText.
        builder.Services.AddTransient<MudBlazor.MudLocalizer, FactDesk.Web.Localization.FactDeskMudLocalizer>();
    }
}
