using System.Globalization;
using FactDesk.Core.Export;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Localization;
using FactDesk.Web.Resources;

namespace FactDesk.Web.Features.Export;

/// <summary>
/// The reports' words (the printed HTML report and the Markdown report) in the language of the person who asked for it (the request's culture: their account's
/// choice, then the browser's), from Resources/ExportText. A report is read like the page it was exported from.
/// </summary>
public static class ReportLanguage
{
    public static ReportWords For(CultureInfo culture)
    {
        var language = Cultures.Normalize(culture.Name) ?? Cultures.English;
        if (language == Cultures.English) return ReportWords.English;
        var c = CultureInfo.GetCultureInfo(language);
        string T(string key, params object[] args) => TextIn.Format<ExportText>(c, "Report." + key, args);
        string Counted(string key, int n) => T(key + "." + Plurals.FormOf(n, c), n.ToString("N0", c));
        return new ReportWords
        {
            Language = language,
            DefaultTitle = T("DefaultTitle"),
            Generated = T("Generated", "{0}"),
            ClaimCount = n => Counted("Claims", n),
            ArticleCount = n => Counted("Articles", n),
            ClaimsInArticles = T("ClaimsInArticles", "{0}", "{1}"),
            Claims = T("Claims"),
            NoClaims = T("NoClaims"),
            Verdicts = T("Verdicts"),
            ClaimsByVerdict = T("ClaimsByVerdict"),
            Corrections = T("Corrections"),
            ClaimLink = T("ClaimLink", "{0}"),
            Why = T("Why"),
            Footer = T("Footer", "{0}"),
            OriginalArticle = T("OriginalArticle"),
            InFactDesk = T("InFactDesk"),
            ClaimHeading = T("ClaimHeading", "{0}"),
            NoVerdictYet = T("NoVerdictYet"),
            SignedOffBy = T("SignedOffBy", "{0}"),
            Claimant = T("Claimant"),
            Conclusion = T("Conclusion"),
            Evidence = T("Evidence"),
            CheckedBy = T("CheckedBy"),
            NobodyYet = T("NobodyYet"),
            SignedOff = T("SignedOff"),
            SignedOffValue = T("SignedOffValue", "{0}", "{1}"),
            NotYet = T("NotYet"),
            UnnamedSource = T("UnnamedSource"),
            VerdictHeading = T("VerdictHeading"),
            StateHeading = T("StateHeading"),
            Total = T("Total"),
            NoneYet = T("NoneYet"),
            Accessed = T("Accessed"),
            State = s => WorkflowStates.TryParse(s, out var state) ? TextIn.Format<SharedText>(c, "State." + state) : s,
            Stance = s => Enum.TryParse<EvidenceStance>(s, ignoreCase: true, out var stance) ? TextIn.Format<SharedText>(c, "Stance." + stance) : s,
            Withheld = n => Counted("Withheld", n),
        };
    }
}
