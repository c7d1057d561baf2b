namespace FactDesk.Core.Sessions;

/// <summary>One reviewer's proposal for a claim, as shown side by side on reveal.</summary>
/// <param name="ReviewerId">Who proposed it.</param>
/// <param name="Verdict">The proposed verdict key, or null when the reviewer has not proposed one yet.</param>
/// <param name="Conclusion">The reviewer's one-sentence conclusion, if any.</param>
public sealed record ProposalView(string ReviewerId, string? Verdict, string? Conclusion);

/// <summary>How reviewers' proposed verdicts for a claim relate.</summary>
public enum Agreement
{
    /// <summary>Nobody has proposed a verdict.</summary>
    NoProposals,

    /// <summary>Exactly one reviewer has proposed a verdict, so there is nothing to compare.</summary>
    Single,

    /// <summary>Two or more reviewers proposed the same verdict.</summary>
    Agree,

    /// <summary>Reviewers proposed different verdicts.</summary>
    Disagree,
}

/// <summary>Compares independent proposals when a blind first pass is revealed.</summary>
public static class Proposals
{
    /// <summary>
    /// Whether the proposed verdicts for one claim agree. Only proposals with a verdict take part (a conclusion
    /// alone proposes nothing to compare); a reviewer listed twice counts once, with their last proposal; verdict
    /// keys compare case-insensitively.
    /// </summary>
    /// <param name="proposals">The proposals for one claim.</param>
    /// <returns>
    /// The agreement and the consensus verdict: the shared verdict when reviewers agree or only one proposed, the
    /// verdict more than half of them proposed when they disagree, otherwise null.
    /// </returns>
    public static (Agreement Agreement, string? Consensus) Compare(IEnumerable<ProposalView> proposals)
    {
        ArgumentNullException.ThrowIfNull(proposals);

        var byReviewer = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var p in proposals)
        {
            if (p is null) continue;
            var key = p.ReviewerId ?? "";
            if (!byReviewer.ContainsKey(key)) order.Add(key);
            byReviewer[key] = p.Verdict?.Trim() ?? "";
        }

        var verdicts = order.Select(r => byReviewer[r]).Where(v => v.Length > 0).ToList();
        if (verdicts.Count == 0) return (Agreement.NoProposals, null);
        if (verdicts.Count == 1) return (Agreement.Single, verdicts[0]);

        // GroupBy keeps first-appearance order, so the consensus is spelled as its first proposer spelled it.
        var groups = verdicts.GroupBy(v => v, StringComparer.OrdinalIgnoreCase).ToList();
        if (groups.Count == 1) return (Agreement.Agree, groups[0].First());

        var majority = groups.FirstOrDefault(g => g.Count() * 2 > verdicts.Count);
        return (Agreement.Disagree, majority?.First());
    }
}
