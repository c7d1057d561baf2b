using System.Globalization;
using FactDesk.Core.Verdicts;

namespace FactDesk.Web.Localization;

/// <summary>
/// Dates and labels as the page's culture writes them: the culture's own patterns (12/1/2026 or 01.12.2026, 11:03 PM
/// or 23:03), never a pattern fixed in the markup.
/// </summary>
public static class Formats
{
    /// <summary>A calendar day: the culture's short date.</summary>
    public static string Day(DateTimeOffset at) => at.ToLocalTime().ToString("d", CultureInfo.CurrentCulture);

    /// <summary>A calendar day: the culture's short date.</summary>
    public static string Day(DateOnly day) => day.ToString("d", CultureInfo.CurrentCulture);

    /// <summary>A moment: the culture's short date and time.</summary>
    public static string Moment(DateTimeOffset at) => at.ToLocalTime().ToString("g", CultureInfo.CurrentCulture);

    /// <summary>A moment with seconds: the culture's short date and long time.</summary>
    public static string MomentWithSeconds(DateTimeOffset at) => at.ToLocalTime().ToString("G", CultureInfo.CurrentCulture);

    /// <summary>A whole number with the culture's group separator.</summary>
    public static string Number(int n) => n.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>A whole number with the culture's group separator.</summary>
    public static string Number(long n) => n.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>A score between 0 and 1 with two decimals, with the culture's decimal separator (0.61, 0,61).</summary>
    public static string Score(double score) => score.ToString("0.00", CultureInfo.CurrentCulture);

    /// <summary>The verdict's label in the page's language, from the desk's scale (its own label where it has none).</summary>
    public static string Shown(this VerdictDefinition verdict) => verdict.LabelIn(CultureInfo.CurrentUICulture.Name);
}
