using System.Globalization;

namespace FactDesk.Core.Export;

/// <summary>
/// The words of the printed HTML report and of the Markdown report, in one language. The defaults are English; the web app fills them from its
/// resources in the requesting person's language, so the report reads like the page it was exported from.
/// Patterns take <c>{0}</c>, <c>{1}</c> as noted.
/// </summary>
public sealed record ReportWords
{
    /// <summary>The English words (the default).</summary>
    public static ReportWords English { get; } = new();

    /// <summary>The report's language tag, for <c>&lt;html lang&gt;</c> and the verdict labels.</summary>
    public string Language { get; init; } = "en";
    public string DefaultTitle { get; init; } = "Fact-check report";
    /// <summary>{0}: the publisher; followed by the time.</summary>
    public string Generated { get; init; } = "{0} · generated";
    /// <summary>How many claims ("5 claims").</summary>
    public Func<int, string> ClaimCount { get; init; } = n => Count(n, "claim");
    /// <summary>How many articles ("1 article").</summary>
    public Func<int, string> ArticleCount { get; init; } = n => Count(n, "article");
    /// <summary>{0}: the claims count; {1}: the articles count.</summary>
    public string ClaimsInArticles { get; init; } = "{0} in {1}";
    public string Claims { get; init; } = "Claims";
    public string NoClaims { get; init; } = "No claims.";
    public string Verdicts { get; init; } = "Verdicts";
    public string ClaimsByVerdict { get; init; } = "Claims by verdict";
    public string Corrections { get; init; } = "Corrections";
    /// <summary>{0}: the claim's number.</summary>
    public string ClaimLink { get; init; } = "claim {0}";
    public string Why { get; init; } = "Why:";
    /// <summary>{0}: the publisher.</summary>
    public string Footer { get; init; } = "Exported from FactDesk by {0}. Sources marked as withheld are kept confidential by the desk.";
    public string OriginalArticle { get; init; } = "original article";
    public string InFactDesk { get; init; } = "in FactDesk";
    /// <summary>{0}: the claim's number.</summary>
    public string ClaimHeading { get; init; } = "Claim {0}";
    public string NoVerdictYet { get; init; } = "No verdict yet";
    /// <summary>{0}: who signed off; followed by the date.</summary>
    public string SignedOffBy { get; init; } = "Signed off by {0},";
    public string Claimant { get; init; } = "Claimant";
    public string Conclusion { get; init; } = "Conclusion";
    public string Evidence { get; init; } = "Evidence";
    public string CheckedBy { get; init; } = "Checked by";
    public string NobodyYet { get; init; } = "nobody yet";
    public string SignedOff { get; init; } = "Signed off";
    /// <summary>{0}: who; {1}: the date.</summary>
    public string SignedOffValue { get; init; } = "by {0}, {1}";
    public string NotYet { get; init; } = "not yet";
    public string UnnamedSource { get; init; } = "unnamed source";
    /// <summary>The Markdown report's labels: the verdict table's column and a claim's verdict and state lines.</summary>
    public string VerdictHeading { get; init; } = "Verdict";
    public string StateHeading { get; init; } = "State";
    /// <summary>The Markdown verdict table's last row.</summary>
    public string Total { get; init; } = "Total";
    /// <summary>A claim without a verdict, in the Markdown report.</summary>
    public string NoneYet { get; init; } = "none yet";
    public string Accessed { get; init; } = "accessed";
    /// <summary>A workflow state's label, from its API name ("inProgress" → "In progress").</summary>
    public Func<string, string> State { get; init; } = ExportText.StateLabel;
    /// <summary>An evidence stance's label, from its API name ("supports" → "Supports").</summary>
    public Func<string, string> Stance { get; init; } = s => s.Length > 0 ? char.ToUpperInvariant(s[0]) + s[1..] : s;
    /// <summary>How many sources are withheld ("2 sources withheld").</summary>
    public Func<int, string> Withheld { get; init; } = ExportText.Withheld;

    private static string Count(int n, string word) => $"{n.ToString(CultureInfo.InvariantCulture)} {word}{(n == 1 ? "" : "s")}";
}
