using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Localization;

namespace FactDesk.Web.Features.Review.Writing;

/// <summary>Applies a claim change in memory: validates each field, and records before/after of what actually changed.</summary>
public static class ClaimPatching
{
    public const int MaxConclusionLength = 1000;
    public const int MaxClaimantLength = 300;

    /// <returns>A sentence saying why the change is refused, or null when it was applied (possibly changing nothing).</returns>
    public static string? Apply(Claim claim, ClaimPatch patch, VerdictScale verdicts, Func<string, bool> isAssignable,
        out Dictionary<string, object?> before, out Dictionary<string, object?> after)
    {
        before = [];
        after = [];
        if (patch.IsEmpty) return Say.Text("Patch.Empty");
        // Validate everything first, so a refused change leaves the claim untouched.
        string? verdictKey = null;
        if (patch.State is { } s && !Enum.IsDefined(s.Value)) return Say.Text("Patch.NoSuchState");
        if (patch.Verdict is { } v && !string.IsNullOrWhiteSpace(v.Value))
        {
            verdictKey = verdicts.Find(v.Value)?.Key;
            if (verdictKey is null)
                return Say.Text("Patch.NotOnScale", v.Value, string.Join(", ", verdicts.Verdicts.Select(x => x.Key)));
        }
        var conclusion = Normalize(patch.Conclusion?.Value);
        if (conclusion?.Length > MaxConclusionLength)
            return Say.Text("Patch.ConclusionLong", conclusion.Length, MaxConclusionLength);
        var claimant = Normalize(patch.Claimant?.Value);
        if (claimant?.Length > MaxClaimantLength) return Say.Text("Patch.ClaimantLong", MaxClaimantLength);
        if (FactDesk.Core.Hygiene.TextHygiene.CheckAll((conclusion, Fields.Conclusion, FactDesk.Core.Hygiene.TextKind.Multiline),
                (claimant, Fields.Claimant, FactDesk.Core.Hygiene.TextKind.Line)) is { } unclean)
            return Say.Unclean(unclean);
        var assignee = string.IsNullOrWhiteSpace(patch.AssigneeId?.Value) ? null : patch.AssigneeId!.Value.Value;
        if (patch.AssigneeId is not null && assignee is not null && assignee != claim.AssigneeId && !isAssignable(assignee))
            return Say.Text("Patch.NotAssignable");

        if (patch.State is { } state && state.Value != claim.State)
        {
            before["state"] = claim.State.ApiName();
            after["state"] = state.Value.ApiName();
            claim.State = state.Value;
        }
        if (patch.Verdict is not null && verdictKey != claim.Verdict)
        {
            before["verdict"] = claim.Verdict;
            after["verdict"] = verdictKey;
            claim.Verdict = verdictKey;
        }
        if (patch.Conclusion is not null && conclusion != claim.Conclusion)
        {
            before["conclusion"] = claim.Conclusion;
            after["conclusion"] = conclusion;
            claim.Conclusion = conclusion;
        }
        if (patch.Claimant is not null && claimant != claim.Claimant)
        {
            before["claimant"] = claim.Claimant;
            after["claimant"] = claimant;
            claim.Claimant = claimant;
        }
        if (patch.AssigneeId is not null && assignee != claim.AssigneeId)
        {
            before["assigneeId"] = claim.AssigneeId;
            after["assigneeId"] = assignee;
            claim.AssigneeId = assignee;
        }
        return null;
    }

    private static string? Normalize(string? value)
    {
        var t = value?.Trim();
        return string.IsNullOrEmpty(t) ? null : t;
    }
}
