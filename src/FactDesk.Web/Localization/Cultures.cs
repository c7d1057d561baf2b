using System.Globalization;

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

    /// <summary>The language a page is in now, for <c>&lt;html lang&gt;</c> and the switcher ("en" or "uk").</summary>
    public static string Current => Normalize(CultureInfo.CurrentUICulture.Name) ?? English;
}
