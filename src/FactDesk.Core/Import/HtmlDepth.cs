using FactDesk.Core.Text;

namespace FactDesk.Core.Import;

/// <summary>
/// A scan of the markup, without building a DOM, for how deep its elements nest: a tree builder's cost grows with the
/// square of the depth (100,000 nested <c>div</c>s took minutes), so a page past the limit is refused before it is parsed.
/// </summary>
/// <remarks>
/// It follows the tree builder closely enough to be fair to sloppy real pages: void elements and elements closed
/// implicitly (<c>p</c>, <c>li</c>, table cells…) do not nest, a closing tag closes whatever it matches on the stack,
/// and raw text (<c>script</c>, <c>style</c>, comments) is skipped.
/// </remarks>
internal static class HtmlDepth
{
    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen",
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rb", "rt", "rp", "colgroup",
        "caption", "html", "head", "body", "!doctype",
    };

    // formatting elements left open are closed with the paragraph or cell they are in, then reopened once
    private static readonly HashSet<string> Formatting = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u", "span",
    };

    private static readonly HashSet<string> ImplicitClosers = new(StringComparer.OrdinalIgnoreCase) { "p", "li", "td", "th", "tr", "dt", "dd" };

    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "textarea", "title", "xmp", "noscript", "plaintext" };

    /// <summary>
    /// Refuses, before any DOM is built, markup whose parse would cost more than a real page's: nesting past
    /// <paramref name="maxDepth"/> or more than <paramref name="maxElements"/> elements. The two bound the tree builder's work
    /// whatever the machine's load, where a time limit alone refused real pages on a busy machine.
    /// </summary>
    /// <exception cref="ImportException">The elements nest deeper than <paramref name="maxDepth"/>, or there are more than <paramref name="maxElements"/>.</exception>
    public static void EnsureWithin(string html, int maxDepth, int maxElements = int.MaxValue)
    {
        var (depth, elements) = Scan(html, maxDepth, maxElements);
        if (depth > maxDepth)
            throw new ImportException(Reason.Of("Import.TooDeep", maxDepth));
        if (elements > maxElements)
            throw new ImportException(Reason.Of("Import.TooManyElements", maxElements));
    }

    /// <summary>The deepest nesting found, or a number past <paramref name="limit"/> as soon as it is passed.</summary>
    public static int Measure(string html, int limit) => Scan(html, limit, int.MaxValue).Depth;

    /// <summary>The deepest nesting and the number of start tags; the scan stops as soon as either passes its limit.</summary>
    public static (int Depth, int Elements) Scan(string html, int limit, int maxElements)
    {
        int elements = 0;
        var stack = new List<string>(64);
        int max = 0;
        int i = 0, n = html.Length;
        while (i < n)
        {
            int lt = html.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= n) break;
            char c = html[lt + 1];
            if (c == '!')
            {
                if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
                {
                    int end = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                    i = end < 0 ? n : end + 3;
                }
                else
                {
                    int end = html.IndexOf('>', lt);
                    i = end < 0 ? n : end + 1;
                }
                continue;
            }
            if (c == '/')
            {
                var (name, after) = ReadName(html, lt + 2);
                int end = html.IndexOf('>', after);
                i = end < 0 ? n : end + 1;
                if (name.Length == 0) continue;
                for (int k = stack.Count - 1; k >= 0; k--)
                {
                    if (string.Equals(stack[k], name, StringComparison.OrdinalIgnoreCase))
                    {
                        stack.RemoveRange(k, stack.Count - k);
                        break;
                    }
                }
                continue;
            }
            if (!char.IsAsciiLetter(c))
            {
                i = lt + 1;
                continue;
            }
            var (tag, afterName) = ReadName(html, lt + 1);
            if (++elements > maxElements) return (max, elements);
            int close = TagEnd(html, afterName);
            i = close < 0 ? n : close + 1;
            bool selfClosing = close > 0 && html[close - 1] == '/';
            if (RawText.Contains(tag))
            {
                int end = html.IndexOf("</" + tag, i, StringComparison.OrdinalIgnoreCase);
                i = end < 0 ? n : end;
                continue;
            }
            if (ImplicitClosers.Contains(tag))
                while (stack.Count > 0 && Formatting.Contains(stack[^1])) stack.RemoveAt(stack.Count - 1);
            if (selfClosing || NotNesting.Contains(tag)) continue;
            stack.Add(tag);
            if (stack.Count > max)
            {
                max = stack.Count;
                if (max > limit) return (max, elements);
            }
        }
        return (max, elements);
    }

    private static (string Name, int After) ReadName(string html, int start)
    {
        int k = start;
        while (k < html.Length && k - start < 32 && (char.IsAsciiLetterOrDigit(html[k]) || html[k] is '-' or ':' or '_')) k++;
        return (html[start..k], k);
    }

    // the '>' that ends a start tag, past quoted attribute values
    private static int TagEnd(string html, int from)
    {
        char quote = '\0';
        for (int k = from; k < html.Length; k++)
        {
            char c = html[k];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
            }
            else if (c is '"' or '\'') quote = c;
            else if (c == '>') return k;
            else if (c == '<' && k > from) return k - 1; // an unclosed tag: the next tag starts
        }
        return -1;
    }
}
