using FactDesk.Core.Verdicts;
using FactDesk.Web.Resources;
using Microsoft.Extensions.Localization;

namespace FactDesk.Web.Features.Review.Reading;

/// <summary>A run of article text covered by the same claim (or by none).</summary>
public readonly record struct TextSegment(int Start, int End, int? ClaimId);

public sealed record TextParagraph(int Start, int End, IReadOnlyList<TextSegment> Segments);

/// <summary>
/// Cuts the article body into paragraphs and, within them, into runs for highlighting. Where claims overlap,
/// the one starting later (the more specific one) wins the overlap, so every character belongs to one run.
/// </summary>
public static class TextSegments
{
    public static IReadOnlyList<TextParagraph> Build(string body, IEnumerable<ClaimDto> claims)
    {
        var ordered = claims.Where(c => !c.Dismissed && !c.Orphaned && c.Start >= 0 && c.End <= body.Length && c.Start < c.End)
            .OrderBy(c => c.Start).ThenByDescending(c => c.End).ToArray();
        var paragraphs = new List<TextParagraph>();
        var start = 0;
        var claimIndex = 0;
        var active = new List<ClaimDto>();
        while (start < body.Length)
        {
            var end = body.IndexOf("\n\n", start, StringComparison.Ordinal);
            if (end < 0) end = body.Length;
            if (end > start)
            {
                paragraphs.Add(new TextParagraph(start, end, Segment(start, end, ordered, ref claimIndex, active)));
            }
            start = end + 2;
        }
        return paragraphs;
    }

    private static List<TextSegment> Segment(int start, int end, ClaimDto[] ordered, ref int claimIndex, List<ClaimDto> active)
    {
        // Boundaries inside this paragraph: its edges and every claim edge that falls within it.
        var bounds = new SortedSet<int> { start, end };
        active.RemoveAll(c => c.End <= start);
        while (claimIndex < ordered.Length && ordered[claimIndex].Start < end)
        {
            active.Add(ordered[claimIndex]);
            claimIndex++;
        }
        foreach (var c in active)
        {
            if (c.Start > start && c.Start < end) bounds.Add(c.Start);
            if (c.End > start && c.End < end) bounds.Add(c.End);
        }
        var segments = new List<TextSegment>(bounds.Count);
        var previous = -1;
        foreach (var b in bounds)
        {
            if (previous >= 0)
            {
                ClaimDto? top = null;
                foreach (var c in active)
                {
                    if (c.Start <= previous && c.End >= b && (top is null || c.Start > top.Start || (c.Start == top.Start && c.End < top.End))) top = c;
                }
                if (segments.Count > 0 && segments[^1].ClaimId == top?.Id && segments[^1].End == previous)
                    segments[^1] = segments[^1] with { End = b };
                else
                    segments.Add(new TextSegment(previous, b, top?.Id));
            }
            previous = b;
        }
        return segments;
    }
}

/// <summary>A paragraph of the highlighted text as ready HTML: one render-tree frame instead of ten per highlight.</summary>
public sealed record ParagraphMarkup(int Start, int End, string Html, TextParagraph Layout);

/// <summary>
/// The highlighted article text as HTML per paragraph, built once per text and set of highlights and shared by every
/// circuit showing it. A 500-claim article used to cost each circuit thousands of render-tree frames, a substring per
/// run, attribute strings and a click delegate per highlight; now a circuit holds one markup reference per paragraph.
/// </summary>
/// <remarks>
/// The markup is what the component rendered before, attribute for attribute: <c>[data-o]</c> elements hold nothing
/// but body text, so a selection still maps back to body offsets. Clicks reach the server through one document listener
/// (factdesk.articleClicks) that reads <c>data-claim</c>.
/// </remarks>
public sealed class ArticleMarkup
{
    private const int MaxEntries = 32;
    private static readonly Lock Gate = new();
    private static readonly List<ArticleMarkup> Recent = [];

    private readonly string _body;
    private readonly MarkKey[] _marks;
    private readonly VerdictScale _scale;
    private readonly string _culture;
    private readonly Dictionary<int, ClaimDto> _claims;
    private readonly MarkWords _words;
    private readonly string _uiCulture = System.Globalization.CultureInfo.CurrentUICulture.Name;

    /// <summary>The words of a highlight's title in the language the markup is built for.</summary>
    private sealed record MarkWords(string Unrated, string Rated, Dictionary<WorkflowState, string> States);

    private ArticleMarkup(string body, MarkKey[] marks, VerdictScale scale, string culture, IReadOnlyList<ClaimDto> claims, MarkWords words)
    {
        _words = words;
        _body = body;
        _marks = marks;
        _scale = scale;
        _culture = culture;
        _claims = new Dictionary<int, ClaimDto>(claims.Count);
        foreach (var c in claims) _claims[c.Id] = c;
        var layout = TextSegments.Build(body, claims);
        var paragraphs = new ParagraphMarkup[layout.Count];
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < layout.Count; i++) paragraphs[i] = new ParagraphMarkup(layout[i].Start, layout[i].End, Html(sb, layout[i], null), layout[i]);
        Paragraphs = paragraphs;
    }

    public IReadOnlyList<ParagraphMarkup> Paragraphs { get; }

    /// <summary>Everything about a claim that shows in the text; equal keys mean equal markup.</summary>
    private readonly record struct MarkKey(int Id, int Start, int End, WorkflowState State, string? Verdict, double Score, bool Dismissed, bool Orphaned);

    /// <summary>The shared markup for this body and these claims, built if no circuit has it yet.</summary>
    public static ArticleMarkup For(string body, IReadOnlyList<ClaimDto> claims, VerdictScale scale, IStringLocalizer<ReviewText> l, IStringLocalizer<SharedText> s)
    {
        var marks = new MarkKey[claims.Count];
        for (int i = 0; i < marks.Length; i++)
        {
            var c = claims[i];
            marks[i] = new MarkKey(c.Id, c.Start, c.End, c.State, c.Verdict, c.Score, c.Dismissed, c.Orphaned);
        }
        // The titles and labels are in the circuit's language, the score in its culture.
        var culture = System.Globalization.CultureInfo.CurrentCulture.Name + "|" + System.Globalization.CultureInfo.CurrentUICulture.Name;
        lock (Gate)
        {
            for (int i = Recent.Count - 1; i >= 0; i--)
            {
                var m = Recent[i];
                if (m.Matches(body, marks, scale, culture))
                {
                    Recent.RemoveAt(i);
                    Recent.Add(m);
                    return m;
                }
            }
        }
        // Built outside the lock: a long text takes milliseconds, and two circuits racing merely build it twice.
        var built = new ArticleMarkup(body, marks, scale, culture, claims, new MarkWords(l["Mark.Unrated"], l["Mark.Rated"], Enum.GetValues<WorkflowState>().ToDictionary(st => st, st => Localization.Words.State(s, st))));
        lock (Gate)
        {
            if (Recent.Count >= MaxEntries) Recent.RemoveAt(0);
            Recent.Add(built);
        }
        return built;
    }

    private bool Matches(string body, MarkKey[] marks, VerdictScale scale, string culture) =>
        ReferenceEquals(scale, _scale) && culture == _culture && _marks.AsSpan().SequenceEqual(marks)
        && (ReferenceEquals(body, _body) || string.Equals(body, _body, StringComparison.Ordinal));

    /// <summary>Whether a claim is highlighted anywhere in this text (a click names one the server did not render otherwise).</summary>
    public bool Shows(int claimId) => _claims.TryGetValue(claimId, out var c) && !c.Dismissed && !c.Orphaned;

    /// <summary>Whether the selected claim shows in this paragraph, which then needs its own markup.</summary>
    public static bool Shows(ParagraphMarkup p, int claimId)
    {
        foreach (var s in p.Layout.Segments)
            if (s.ClaimId == claimId) return true;
        return false;
    }

    /// <summary>A paragraph's markup with one claim selected: built per circuit, only for the paragraphs it spans.</summary>
    public string WithSelection(ParagraphMarkup p, int selectedId) => Html(new System.Text.StringBuilder(), p.Layout, selectedId);

    private string Html(System.Text.StringBuilder sb, TextParagraph p, int? selectedId)
    {
        sb.Clear();
        foreach (var s in p.Segments)
        {
            if (s.ClaimId is { } id && _claims.TryGetValue(id, out var c))
            {
                var v = _scale.Find(c.Verdict);
                sb.Append("<mark id=\"claim-mark-").Append(id).Append("\" class=\"fd-mark ")
                    .Append(v is null ? $"fd-mark-{c.State.ToString().ToLowerInvariant()}" : "fd-mark-rated")
                    .Append(id == selectedId ? " fd-mark-selected" : "").Append('"');
                if (v is not null) Attribute(sb, "style", $"--v:{v.Color};--vt:{v.TextColor}");
                sb.Append(" data-o=\"").Append(s.Start).Append("\" data-claim=\"").Append(id).Append('"');
                if (s.End == c.End && v is not null) Attribute(sb, "data-label", v.LabelIn(_uiCulture));
                // The start of each highlight takes keyboard focus; Enter or Space opens the claim (factdesk.js).
                if (s.Start == c.Start) sb.Append(" tabindex=\"0\" role=\"button\"");
                Attribute(sb, "title", v is null
                    ? string.Format(System.Globalization.CultureInfo.CurrentCulture, _words.Unrated, _words.States[c.State], c.Score.ToString("0.00", System.Globalization.CultureInfo.CurrentCulture))
                    : string.Format(System.Globalization.CultureInfo.CurrentCulture, _words.Rated, v.LabelIn(_uiCulture), _words.States[c.State]));
                sb.Append('>');
                Text(sb, _body.AsSpan(s.Start, s.End - s.Start));
                sb.Append("</mark>");
            }
            else
            {
                sb.Append("<span data-o=\"").Append(s.Start).Append("\">");
                Text(sb, _body.AsSpan(s.Start, s.End - s.Start));
                sb.Append("</span>");
            }
        }
        return sb.ToString();
    }

    private static void Attribute(System.Text.StringBuilder sb, string name, string value)
    {
        sb.Append(' ').Append(name).Append("=\"");
        Text(sb, value);
        sb.Append('"');
    }

    // Escapes what the HTML parser would otherwise read as markup, and CR, which it would fold into LF and so shift
    // every offset after it.
    private static void Text(System.Text.StringBuilder sb, ReadOnlySpan<char> text)
    {
        var start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            var escaped = text[i] switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", '\r' => "&#13;", _ => null };
            if (escaped is null) continue;
            sb.Append(text[start..i]).Append(escaped);
            start = i + 1;
        }
        sb.Append(text[start..]);
    }
}

