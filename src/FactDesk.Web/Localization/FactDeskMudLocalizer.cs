using FactDesk.Web.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace FactDesk.Web.Localization;

/// <summary>
/// MudBlazor's own words (its pager's "Next page", a field's "Clear", a table's "Loading…") from Resources/MudBlazorText, in
/// the page's language. A key FactDesk does not translate answers "not found", so MudBlazor falls back to its English.
/// </summary>
public sealed class FactDeskMudLocalizer(IStringLocalizer<MudBlazorText> text) : MudLocalizer
{
    public override LocalizedString this[string key] => text[key];

    public override LocalizedString this[string key, params object[] arguments] => text[key, arguments];
}
