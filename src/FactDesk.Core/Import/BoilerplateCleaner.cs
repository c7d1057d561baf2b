using System.Text.RegularExpressions;
using FactDesk.Core.Text;

namespace FactDesk.Core.Import;

/// <summary>Decides which blocks are the article and which are page furniture, and fills in title, outlet and language.</summary>
/// <remarks>
/// Two levels: each block is first judged on its own (<see cref="BlockClassifier"/>); then the article is seen as a
/// whole, because a sidebar teaser reads like prose on its own and only its position after the body gives it away.
/// </remarks>
internal static partial class BoilerplateCleaner
{
    [GeneratedRegex(@"^(?<title>.{8,}?)\s+(?:[–—|]|-{1,2})\s+(?<outlet>\p{Lu}[\p{L}\p{N}.&' ]{1,40})$", RegexOptions.CultureInvariant)]
    private static partial Regex TitleWithOutlet();

    /// <param name="raw">The blocks, in source order.</param>
    /// <param name="metadata">What is already known; a title here is matched against the first block.</param>
    /// <param name="detectTitle">Take a headline-like first block as the title.</param>
    /// <param name="extracted">
    /// The blocks are what an extractor kept of a page: it already cut the page's furniture by its structure, so only
    /// blocks that are furniture on their own go, and a tail goes only when it starts with furniture and holds nothing
    /// but furniture and headlines. Lists, short paragraphs and repeated paragraphs of the article stay.
    /// </param>
    /// <param name="declaredLanguage">The language the page declares (<c>&lt;html lang&gt;</c>); the body's own wins when they disagree.</param>
    public static CleanedArticle Clean(IReadOnlyList<RawBlock> raw, ArticleMetadata metadata, bool detectTitle, bool extracted = false, string? declaredLanguage = null)
    {
        int n = raw.Count;
        if (n == 0) throw Empty();

        var verdicts = new BlockVerdict[n];
        var counts = new LanguageDetector.Counts[n];
        var scripts = new Script[n];
        var weak = new bool[n];
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < n; i++)
        {
            var block = raw[i];
            verdicts[i] = BlockClassifier.Classify(block.Text, block.IsBullet);
            // a short list item is a section label in a pasted sidebar, but part of a list the extractor kept; and a
            // repeated line there is a table's or a caption's (an extractor does not paste twice)
            if (extracted && verdicts[i].Reason == RemovalReason.HeadlineList) verdicts[i] = BlockVerdict.Keep;
            counts[i] = LanguageDetector.Count(block.Text);
            scripts[i] = counts[i].Script;
            weak[i] = block.IsBullet || block.IsHeading || BlockClassifier.LooksLikeHeadline(block.Text);
            if (!verdicts[i].IsJunk && block.Text.Length >= 2 && !extracted)
            {
                if (seen.TryGetValue(block.Text, out var first))
                    verdicts[i] = new(RemovalReason.Duplicate, $"Repeats block {first + 1}");
                else
                    seen[block.Text] = i;
            }
        }

        // Title: a short first line without a full stop; an outlet suffix ("– Reuters") names the outlet.
        int titleIndex = -1;
        string? title = metadata.Title;
        string? outlet = metadata.Outlet;
        int firstContent = Array.FindIndex(verdicts, v => !v.IsJunk);
        if (firstContent >= 0)
        {
            var candidate = raw[firstContent].Text;
            if (title is not null && SameTitle(candidate, title))
                titleIndex = firstContent;
            else if (title is null && detectTitle && n > 1 && !raw[firstContent].IsBullet && BlockClassifier.LooksLikeHeadline(candidate)
                     && candidate.Length <= 200)
            {
                titleIndex = firstContent;
                title = candidate;
                var m = TitleWithOutlet().Match(candidate);
                if (m.Success && BlockClassifier.CountWords(m.Groups["outlet"].ValueSpan) <= 4)
                {
                    title = m.Groups["title"].Value;
                    var named = m.Groups["outlet"].Value.Trim();
                    // "… – Reuters" over a text that says "Reuters reports": the suffix names the source of a write-up, not its outlet
                    if (!CitedAsSource(raw, named)) outlet ??= named;
                }
            }
        }

        // Main script: the article usually comes first, so early blocks weigh double.
        var total = default(LanguageDetector.Counts);
        for (int i = 0; i < n; i++)
            if (!verdicts[i].IsJunk) total = total.Add(counts[i], i < n / 2 ? 2 : 1);
        var mainScript = total.Script is Script.Mixed or Script.None ? total.Dominant : total.Script;
        var mainCounts = default(LanguageDetector.Counts);
        for (int i = 0; i < n; i++)
            if (scripts[i] == mainScript) mainCounts = mainCounts.Add(counts[i], 1);
        var language = metadata.Language ?? ChooseLanguage(declaredLanguage, LanguageDetector.Language(mainScript, mainCounts,
            Enumerable.Range(0, n).Where(i => scripts[i] == mainScript && !verdicts[i].IsJunk).Select(i => raw[i].Text).Take(50)), mainScript);

        bool IsForeign(int i) => scripts[i] is not (Script.None or Script.Mixed) && scripts[i] != mainScript;
        bool IsJunk(int i) => verdicts[i].IsJunk || IsForeign(i);
        bool IsBody(int i) => i != titleIndex && !IsJunk(i) && BlockClassifier.LooksLikeProse(raw[i].Text);

        int firstBody = -1, lastBody = -1;
        for (int i = 0; i < n; i++)
            if (IsBody(i)) { if (firstBody < 0) firstBody = i; lastBody = i; }

        // Tail: after the last body paragraph, a run of furniture; or from a sidebar heading on, when what
        // follows is mostly furniture. Everything in the tail goes, even teasers that read like prose.
        int tailStart = n;
        if (extracted)
        {
            // only a trailing run of furniture and headlines, and only from a block that is furniture itself
            for (int i = n - 1; i > titleIndex && (IsJunk(i) || weak[i]); i--)
                if (IsJunk(i)) tailStart = i;
        }
        else
        {
            for (int i = n - 1; i > lastBody && i > titleIndex; i--)
            {
                if (IsJunk(i)) tailStart = i;
            }
        }
        if (tailStart < n && !extracted)
        {
            // weak blocks (headlines) right before the first furniture belong to the sidebar too
            while (tailStart - 1 > Math.Max(lastBody, titleIndex) && weak[tailStart - 1]) tailStart--;
        }
        int bodyBlocksSeen = 0;
        // after an extractor, a mid-article heading such as "Comments" in a table is not where a sidebar starts
        for (int i = 0; i < (extracted ? 0 : tailStart); i++)
        {
            if (IsBody(i)) bodyBlocksSeen++;
            bool sidebarHeading = verdicts[i].Reason == RemovalReason.Navigation
                || (IsForeign(i) && weak[i]);
            if (!sidebarHeading || bodyBlocksSeen < 2) continue;
            int furniture = 0, rest = n - i - 1;
            for (int j = i + 1; j < n; j++) if (IsJunk(j) || weak[j]) furniture++;
            if (rest == 0 || furniture * 10 >= rest * 4)
            {
                tailStart = i;
                break;
            }
        }

        var mainName = LanguageDetector.Describe(language, mainScript);
        var blocks = new ContentBlock[n];
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            var text = raw[i].Text;
            if (i == titleIndex)
            {
                blocks[i] = new ContentBlock(i, text, false, RemovalReason.Title, "Headline, used as the article title");
                continue;
            }
            if (i <= firstBody + 1 && IsByline(text, metadata))
            {
                blocks[i] = new ContentBlock(i, text, false, RemovalReason.Byline, "Byline, used as the article’s authors");
                continue;
            }
            var v = verdicts[i];
            bool foreign = IsForeign(i);
            bool inTail = i >= tailStart;
            bool beforeBody = firstBody >= 0 && i < firstBody;
            if (v.IsJunk && (v.Reason != RemovalReason.Duplicate || !inTail))
            {
                blocks[i] = new ContentBlock(i, text, false, v.Reason, v.Explanation);
            }
            else if (foreign && (inTail || beforeBody))
            {
                var where = inTail ? "Sidebar" : "Page header";
                var foreignName = LanguageDetector.Describe(LanguageDetector.Language(scripts[i], counts[i], [text]), scripts[i]);
                blocks[i] = new ContentBlock(i, text, false, RemovalReason.ForeignLanguage, $"{where} in {foreignName}, article is in {mainName}");
            }
            else if (inTail)
            {
                var reason = raw[i].IsBullet ? RemovalReason.HeadlineList : RemovalReason.Boilerplate;
                blocks[i] = new ContentBlock(i, text, false, reason, "Part of the sidebar after the article ends");
            }
            else
            {
                blocks[i] = new ContentBlock(i, text, true, RemovalReason.None, null);
                kept++;
            }
        }

        if (kept == 0)
            throw new ImportException(Reason.Of("Import.NothingLikeArticle"));

        var meta = metadata with { Title = title, Outlet = outlet, Language = language };
        return new CleanedArticle(meta, blocks);
    }

    // The page's declared language stands unless the body is plainly in another: another script, or the stop words of another language.
    private static string? ChooseLanguage(string? declared, string? detected, Script mainScript)
    {
        if (declared is null) return detected;
        if (detected is null)
        {
            var declaredScript = ScriptOf(declared);
            return declaredScript is Script.None || declaredScript == mainScript || mainScript is Script.None or Script.Mixed ? declared : null;
        }
        return detected;
    }

    private static Script ScriptOf(string language) => language switch
    {
        "ru" or "uk" or "be" or "bg" or "sr" or "mk" or "kk" => Script.Cyrillic,
        "ja" or "zh" or "ko" => Script.Cjk,
        "ar" or "fa" or "ur" or "ps" => Script.Arabic,
        "he" or "yi" => Script.Hebrew,
        "hi" or "mr" or "ne" or "sa" => Script.Devanagari,
        "el" => Script.Greek,
        "en" or "de" or "fr" or "es" or "it" or "pt" or "pl" or "nl" or "cs" or "sv" or "da" or "fi" or "no" or "nb" or "ro" or "hu" or "tr" or "id" or "vi" => Script.Latin,
        _ => Script.None,
    };

    // the byline the metadata already holds, or a short "By …" line naming its authors
    private static bool IsByline(string text, ArticleMetadata metadata)
    {
        if (text.Length > 200) return false;
        if (metadata.Byline is { } byline && string.Equals(TextNormalizer.CollapseSpaces(text), byline, StringComparison.OrdinalIgnoreCase)) return true;
        return metadata.Authors.Count > 0 && BlockClassifier.CountWords(text) <= 12 && !BlockClassifier.LooksLikeProse(text)
            && metadata.Authors.All(a => text.Contains(a, StringComparison.OrdinalIgnoreCase)) && NamesLead(text, metadata.Authors);
    }

    private static readonly HashSet<string> BylineWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "from", "words", "text", "written", "author", "authors", "von", "par", "por", "di", "door", "av", "de", "від", "автор", "авторка", "автори", "текст", "автора",
    };

    // a byline opens with the names or with a word that introduces them ("Analysis by …"); a photo caption that credits its
    // photographer ("Glass cloche terrariums (Lucy Akins)") names them after its own words
    private static bool NamesLead(string text, IReadOnlyList<string> authors)
    {
        int first = authors.Select(a => text.IndexOf(a, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var before = text.AsSpan(0, first).TrimEnd().TrimEnd(":|·—–").TrimEnd();
        if (!ContainsLetter(before)) return true;
        int space = before.LastIndexOfAny(' ', '\u00A0');
        return BylineWords.Contains(before[(space + 1)..].ToString());
    }

    private static bool ContainsLetter(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (char.IsLetter(c)) return true;
        return false;
    }

    private static bool CitedAsSource(IReadOnlyList<RawBlock> raw, string name)
    {
        var cited = new Regex(@"\b(?:" + Regex.Escape(name) + @"\s+(?:writes|wrote|reports|reported|says|said|cites|cited|learned|notes|noted)|(?:told|according\s+to|citing|cited\s+by|reported\s+by|via)\s+(?:the\s+)?" + Regex.Escape(name) + @")\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        int looked = 0;
        foreach (var block in raw)
        {
            if (looked++ > 40) break;
            if (cited.IsMatch(block.Text)) return true;
        }
        return false;
    }

    public static ImportException Empty() => new(Reason.Of("Import.TextEmpty"));

    private static bool SameTitle(string block, string title)
    {
        var a = block.AsSpan().Trim();
        var b = title.AsSpan().Trim();
        return a.Equals(b, StringComparison.OrdinalIgnoreCase)
            || (b.Length >= 10 && a.StartsWith(b, StringComparison.OrdinalIgnoreCase) && a.Length - b.Length <= 60 && BlockClassifier.LooksLikeHeadline(block));
    }
}
