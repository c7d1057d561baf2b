using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Localization;

/// <summary>The interface languages FactDesk ships: English (the neutral resources) and Ukrainian.</summary>
public static class Cultures
{
    public const string English = "en";
    public const string Ukrainian = "uk";

    public static IReadOnlyList<string> Supported { get; } = [English, Ukrainian];

    /// <summary>"uk", "uk-UA", "UK" → "uk"; anything FactDesk does not ship → null.</summary>
    public static string? Normalize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var language = name.Trim().Split('-', '_')[0];
        return Supported.FirstOrDefault(s => string.Equals(s, language, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The language of a request that is answered before request localization has run (a refusal by an early
    /// middleware): the same providers in the same order (the account's choice is unknown before sign-in is read,
    /// so the culture cookie and the browser's languages decide), English when none names a shipped language.
    /// </summary>
    public static async Task<CultureInfo> OfEarlyRequestAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.RequestServices.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value;
        foreach (var provider in options.RequestCultureProviders)
        {
            var result = await provider.DetermineProviderCultureResult(context);
            foreach (var name in result?.UICultures ?? [])
                if (Normalize(name.Value) is { } shipped) return CultureInfo.GetCultureInfo(shipped);
        }
        return CultureInfo.GetCultureInfo(English);
    }

    /// <summary>The language a page is in now, for <c>&lt;html lang&gt;</c> and the switcher ("en" or "uk").</summary>
    public static string Current => Normalize(CultureInfo.CurrentUICulture.Name) ?? English;
}
