namespace FactDesk.Core.Sessions;

/// <summary>A claim as the balancer sees it.</summary>
/// <param name="ClaimId">The claim.</param>
/// <param name="Score">Check-worthiness, usually 0–1; higher means more worth checking.</param>
/// <param name="AssigneeId">Who already has the claim, or null when it is unassigned.</param>
public sealed record Assignable(int ClaimId, double Score, string? AssigneeId);

/// <summary>A claim handed to a reviewer.</summary>
/// <param name="ClaimId">The claim.</param>
/// <param name="ReviewerId">The reviewer who gets it.</param>
public sealed record Assignment(int ClaimId, string ReviewerId);

/// <summary>What the balancer evens out.</summary>
public enum BalanceMode
{
    /// <summary>Everyone ends up with the same number of claims, give or take one.</summary>
    ByCount,

    /// <summary>
    /// Counts stay as even as with <see cref="ByCount"/>, and within that the most check-worthy claims are spread
    /// so that each reviewer's total score is as even as possible.
    /// </summary>
    ByScore,
}

/// <summary>Spreads a session's unassigned claims across its participants in one action.</summary>
public static class Balancer
{
    /// <summary>
    /// Assigns every unassigned claim to a participant, counting what each participant already has towards their
    /// load. Claims already assigned — to a participant or to anyone else — are left alone and do not appear in
    /// the result; an assignee who is not among <paramref name="participantIds"/> adds to nobody's load.
    /// <para>
    /// <see cref="BalanceMode.ByCount"/>: each claim, in the order given, goes to the participant with the fewest
    /// claims (ties to the earlier participant), so final loads differ by at most one wherever the existing
    /// assignments allow it.
    /// </para>
    /// <para>
    /// <see cref="BalanceMode.ByScore"/>: first each participant's number of new claims is fixed exactly as
    /// <see cref="BalanceMode.ByCount"/> would; then claims go out in descending score (ties in the order given),
    /// each to the participant with room left whose total score is lowest (ties to fewer claims, then the earlier
    /// participant). With equal loads this deals the top claims one to each reviewer before anyone gets a second.
    /// </para>
    /// The result is deterministic: the same input always gives the same assignments, listed in the order the claims were given.
    /// </summary>
    /// <param name="claims">The session's claims in article order, assigned or not.</param>
    /// <param name="participantIds">The reviewers to balance across, in display order; duplicates count once.</param>
    /// <param name="mode">What to even out.</param>
    /// <returns>New assignments for the claims that had none; empty when there is nobody to assign to.</returns>
    /// <exception cref="ArgumentException">A claim appears twice, a score is not a number, or a participant id is blank.</exception>
    public static IReadOnlyList<Assignment> Balance(IReadOnlyList<Assignable> claims, IReadOnlyList<string> participantIds, BalanceMode mode)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(participantIds);

        var people = new List<Load>();
        var byId = new Dictionary<string, Load>(StringComparer.Ordinal);
        foreach (var id in participantIds)
        {
            if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("A participant without an id cannot be given claims.", nameof(participantIds));
            if (byId.ContainsKey(id)) continue;
            var load = new Load(id, people.Count);
            people.Add(load);
            byId[id] = load;
        }

        var seen = new HashSet<int>();
        var open = new List<(Assignable Claim, int Position)>();
        for (int i = 0; i < claims.Count; i++)
        {
            var claim = claims[i] ?? throw new ArgumentException("The claim list contains an empty entry.", nameof(claims));
            if (!seen.Add(claim.ClaimId)) throw new ArgumentException($"Claim {claim.ClaimId} appears twice.", nameof(claims));
            if (!double.IsFinite(claim.Score)) throw new ArgumentException($"Claim {claim.ClaimId} has no usable score ({claim.Score}).", nameof(claims));
            if (claim.AssigneeId is null) open.Add((claim, i));
            else if (byId.TryGetValue(claim.AssigneeId, out var owner)) owner.Add(claim.Score);
        }

        if (people.Count == 0 || open.Count == 0) return [];

        var given = new List<(int Position, Assignment Assignment)>(open.Count);
        if (mode == BalanceMode.ByCount)
        {
            foreach (var (claim, position) in open)
            {
                var to = people.MinBy(p => (p.Count, p.Order))!;
                to.Add(claim.Score);
                given.Add((position, new Assignment(claim.ClaimId, to.Id)));
            }
        }
        else
        {
            // Count comes first because a claim costs a reviewer roughly the same effort whatever its score;
            // spreading score inside equal counts keeps the most check-worthy claims from piling up on one person.
            var quota = people.ToDictionary(p => p, _ => 0);
            var counts = people.ToDictionary(p => p, p => p.Count);
            for (int i = 0; i < open.Count; i++)
            {
                var to = people.MinBy(p => (counts[p], p.Order))!;
                counts[to]++;
                quota[to]++;
            }

            var byScore = open.OrderByDescending(o => o.Claim.Score).ThenBy(o => o.Position);
            foreach (var (claim, position) in byScore)
            {
                var to = people.Where(p => quota[p] > 0).MinBy(p => (p.Total, p.Count, p.Order))!;
                quota[to]--;
                to.Add(claim.Score);
                given.Add((position, new Assignment(claim.ClaimId, to.Id)));
            }
        }

        return given.OrderBy(g => g.Position).Select(g => g.Assignment).ToList();
    }

    private sealed class Load(string id, int order)
    {
        public string Id { get; } = id;
        public int Order { get; } = order;
        public int Count { get; private set; }
        public double Total { get; private set; }

        public void Add(double score)
        {
            Count++;
            Total += score;
        }
    }
}
