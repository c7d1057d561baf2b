namespace FactDesk.Web.Features.Review;

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
