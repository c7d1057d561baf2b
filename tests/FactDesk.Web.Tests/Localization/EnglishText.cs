using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FactDesk.Web.Resources;

namespace FactDesk.Web.Tests.Localization;

/// <summary>
/// Finds the English a person reads or hears in a piece of HTML: every text node and every attribute a person reads or
/// hears (title, aria-label, placeholder, alt, label) is checked for Latin words outside an allowlist, and for any English
/// resource value. Shared by the server-rendered page test and the bUnit test of states reached after a click.
/// </summary>
internal static partial class EnglishText
{
    // What may stay in Latin letters on a Ukrainian page, and why:
    // - the product and the names of formats, standards and protocols, which have no Ukrainian form (FactDesk,
    //   ClaimReview, JSON-LD, W3C Web Annotations, schema.org, CSV, HTML, Markdown, API, URL, ISO, HTTP, CMS, cookie),
    //   JSON-LD's own terms (@graph, DataFeed), and other products and data sets named as such (Hypothesis, Recogito,
    //   ClaimBuster);
    // - key names printed on the keys (Ctrl, Enter, Esc, Shift, Tab) and the language switcher's "English", which
    //   names each language in itself;
    // - file extensions and language codes shown as such (txt, html, md, json, csv, en, uk), and the report's UTC.
    // E-mail addresses, web addresses, paths, setting names and token prefixes are removed before the check (Noise);
    // the fixtures' own content is Ukrainian, and the article text, claim quotes and people's names are content, not
    // interface, so their elements are left out (ContentSelectors).
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "FactDesk", "ClaimReview", "JSON", "LD", "W3C", "Web", "Annotation", "Annotations", "schema", "org", "CSV", "HTML", "Markdown", "API", "URL", "ISO", "HTTP", "CMS", "cookie",
        "graph", "DataFeed", "Hypothesis", "Recogito", "ClaimBuster",
        "Ctrl", "Enter", "Esc", "Shift", "Tab", "English", "txt", "html", "md", "json", "csv", "en", "uk", "UTC",
    };

    internal const string ContentSelectors = "#fd-article-text, .fd-quote, .fd-claimitem-text";

    private static readonly string[] PersonAttributes = ["title", "aria-label", "placeholder", "alt", "label", "data-label", "aria-description"];

    /// <summary>What a person reads or hears on the page that is English.</summary>
    internal static List<string> In(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var hidden in document.QuerySelectorAll("script, style, template, noscript, code, kbd, pre").ToList()) hidden.Remove();
        foreach (var content in document.QuerySelectorAll(ContentSelectors).ToList()) content.Remove();
        var texts = new List<string>();
        foreach (var node in document.Body!.Descendants().OfType<IText>()) texts.Add(node.Text);
        foreach (var element in document.All)
            foreach (var name in PersonAttributes)
                if (element.GetAttribute(name) is { Length: > 0 } value) texts.Add(value);
        // A button's or an option's value is what it shows.
        foreach (var input in document.QuerySelectorAll("input[type=submit], input[type=button]"))
            if (input.GetAttribute("value") is { Length: > 0 } value) texts.Add(value);
        texts.Add(document.Title ?? "");
        var found = new List<string>();
        foreach (var text in texts.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct())
        {
            var cleaned = Noise().Replace(text, " ");
            var words = LatinWord().Matches(cleaned).Select(m => m.Value).Where(w => !Allowed.Contains(w)).ToList();
            if (words.Count > 0 || EnglishValues.Contains(text)) found.Add($"“{text}”");
        }
        return found;
    }

    /// <summary>Every English resource value that has a different Ukrainian one.</summary>
    private static readonly HashSet<string> EnglishValues = ReadEnglishValues();

    private static HashSet<string> ReadEnglishValues()
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in typeof(SharedText).Assembly.GetTypes().Where(t => t.Namespace == typeof(SharedText).Namespace && t.Name.EndsWith("Text", StringComparison.Ordinal)))
        {
            var manager = new ResourceManager(type.FullName!, type.Assembly);
            var uk = manager.GetResourceSet(CultureInfo.GetCultureInfo("uk"), true, false)!.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value);
            foreach (DictionaryEntry e in manager.GetResourceSet(CultureInfo.InvariantCulture, true, false)!)
                if (e.Value is string en && !en.Contains('{') && uk.GetValueOrDefault((string)e.Key) != en) values.Add(en.Trim());
        }
        return values;
    }

    // E-mail addresses, web addresses, paths, setting names (FactDesk:Claims:SuggestThreshold) and token prefixes are data.
    [GeneratedRegex(@"\S+@\S+|https?://\S+|(?<![\w])/[\w/.?=&{}-]+|\bfdk_\S*|\b\w+(:\w+)+")]
    private static partial Regex Noise();

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z'’]+\b")]
    private static partial Regex LatinWord();

}
