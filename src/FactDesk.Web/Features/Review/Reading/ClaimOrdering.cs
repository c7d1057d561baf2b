using FactDesk.Core.Verdicts;

namespace FactDesk.Web.Features.Review.Reading;

public enum ClaimSort { Position, Score }

public enum ClaimFilter { All, Unfinished, Rated, Orphans, Dismissed }

/// <summary>What the claim list shows and in which order; also drives next/previous claim on the keyboard.</summary>
public static class ClaimOrdering
{
    public static List<ClaimDto> Apply(IEnumerable<ClaimDto> claims, ClaimSort sort, ClaimFilter filter)
    {
        var filtered = filter switch
        {
            ClaimFilter.Unfinished => claims.Where(c => !c.Dismissed && c.State is not (WorkflowState.Done or WorkflowState.Skipped)),
            ClaimFilter.Rated => claims.Where(c => !c.Dismissed && c.Verdict is not null),
            ClaimFilter.Dismissed => claims.Where(c => c.Dismissed),
            ClaimFilter.Orphans => claims.Where(c => !c.Dismissed && c.Orphaned),
            _ => claims.Where(c => !c.Dismissed),
        };
        return (sort == ClaimSort.Score
            ? filtered.OrderByDescending(c => c.Score).ThenBy(c => c.Start)
            : filtered.OrderBy(c => c.Start).ThenBy(c => c.Id)).ToList();
    }

    /// <summary>The claim after (or before) the current one in the visible order; wraps at neither end.</summary>
    public static int? Step(IReadOnlyList<ClaimDto> visible, int? current, int direction)
    {
        if (visible.Count == 0) return null;
        if (current is null) return direction > 0 ? visible[0].Id : visible[^1].Id;
        var index = -1;
        for (var i = 0; i < visible.Count; i++)
        {
            if (visible[i].Id == current) { index = i; break; }
        }
        if (index < 0) return visible[0].Id;
        var next = Math.Clamp(index + direction, 0, visible.Count - 1);
        return visible[next].Id;
    }
}
