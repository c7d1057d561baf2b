using System.Globalization;
using Microsoft.Extensions.Localization;

namespace FactDesk.Web.Localization;

/// <summary>
/// Counted phrases ("1 article", "5 articles"; "1 стаття", "3 статті", "5 статей"). A counted key has three forms in
/// the resources, Key.One, Key.Few and Key.Many, each with {0} for the number; English uses One and Many (its Few is
/// the same as Many), Ukrainian all three, by the CLDR rules for whole numbers.
/// </summary>
public static class Plurals
{
    public static string Plural(this IStringLocalizer localizer, string key, int count) =>
        localizer[key + "." + FormOf(count, CultureInfo.CurrentUICulture), count.ToString("N0", CultureInfo.CurrentCulture)];

    /// <summary>"One", "Few" or "Many" for a count in a language.</summary>
    public static string FormOf(int count, CultureInfo culture)
    {
        var n = Math.Abs(count);
        if (Cultures.Normalize(culture.Name) == Cultures.Ukrainian)
        {
            if (n % 10 == 1 && n % 100 != 11) return "One";
            if (n % 10 is >= 2 and <= 4 && n % 100 is < 12 or > 14) return "Few";
            return "Many";
        }
        return n == 1 ? "One" : "Many";
    }
}
