namespace FactDesk.Core.Sessions;

/// <summary>
/// When a vote on a claim's verdict counts. PolitiFact's practice — three editors vote, two carry —
/// is <c>new VotingRule(Quorum: 3, Majority: 2)</c>.
/// </summary>
/// <param name="Quorum">Minimum number of votes cast before a result counts.</param>
/// <param name="Majority">Votes the leading verdict needs to carry.</param>
public sealed record VotingRule(int Quorum, int Majority)
{
    /// <summary>Everyone votes and more than half carry: quorum = <paramref name="voters"/>, majority = voters / 2 + 1.</summary>
    /// <param name="voters">How many people vote; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="voters"/> is less than 1.</exception>
    public static VotingRule SimpleMajority(int voters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(voters, 1);
        return new VotingRule(voters, voters / 2 + 1);
    }

    /// <summary>Checks the rule an editor set up for a session.</summary>
    /// <returns>A sentence saying what is wrong, for the editor to read; null when the rule is valid.</returns>
    public string? Validate()
    {
        if (Quorum < 1) return $"The quorum must be at least 1 vote (it is {Quorum}).";
        if (Majority < 1) return $"The majority must be at least 1 vote (it is {Majority}).";
        if (Majority > Quorum) return $"A majority of {Majority} is more than the quorum of {Quorum}; it must be {Quorum} or fewer.";
        // With a majority of half the quorum or less, two verdicts could both reach it in the same vote
        // (2 of 4 for False, 2 of 4 for True), and the desk would have two "carried" results.
        if (Majority <= Quorum / 2)
            return $"With a quorum of {Quorum}, a majority of {Majority} would let two verdicts carry at once; it needs at least {Quorum / 2 + 1}.";
        return null;
    }

    /// <summary>The rule in words, for example "2 of 3 votes carry".</summary>
    public string Describe() => $"{Majority} of {Quorum} {Plural(Quorum, "vote")} carry";

    internal static string Plural(int n, string noun) => n == 1 ? noun : noun + "s";
}

/// <summary>One voter's vote for a verdict.</summary>
/// <param name="VoterId">Who voted.</param>
/// <param name="Verdict">The verdict key voted for; blank means the voter withdrew their vote.</param>
public sealed record Ballot(string VoterId, string Verdict);

/// <summary>Where a vote stands.</summary>
public enum VoteStatus
{
    /// <summary>Fewer votes than the quorum have been cast; no result counts yet.</summary>
    AwaitingQuorum,

    /// <summary>The quorum is met and one verdict has the majority.</summary>
    Carried,

    /// <summary>The quorum is met but no single verdict has the majority.</summary>
    NoMajority,
}

/// <summary>The result of counting a vote.</summary>
/// <param name="Status">Where the vote stands.</param>
/// <param name="Winner">The verdict that carried, spelled as its first counted ballot spelled it; null unless <see cref="VoteStatus.Carried"/>.</param>
/// <param name="Cast">Votes counted (one per voter).</param>
/// <param name="Counts">Votes per verdict, most votes first; keys compare case-insensitively.</param>
/// <param name="Explanation">The result in a sentence an editor reads, for example "2 of 3 votes for False: carried".</param>
public sealed record VoteTally(VoteStatus Status, string? Winner, int Cast, IReadOnlyDictionary<string, int> Counts, string Explanation);

/// <summary>Counts votes on a claim's verdict.</summary>
public static class Voting
{
    /// <summary>
    /// Counts <paramref name="ballots"/> under <paramref name="rule"/>. One ballot per voter counts — the last one
    /// when a voter appears more than once, because voters may change their vote; a last ballot with a blank verdict
    /// withdraws the vote. Verdict keys compare case-insensitively. When more votes than the quorum are cast, the
    /// leading verdict carries only if it reaches the majority and is strictly ahead of every other verdict.
    /// </summary>
    /// <param name="ballots">Ballots in the order they were cast.</param>
    /// <param name="rule">The session's rule.</param>
    /// <exception cref="ArgumentException">The rule is invalid (the message says why) or a ballot has no voter.</exception>
    public static VoteTally Tally(IEnumerable<Ballot> ballots, VotingRule rule)
    {
        ArgumentNullException.ThrowIfNull(ballots);
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Validate() is { } problem) throw new ArgumentException(problem, nameof(rule));

        // Voter ids are identities, so they compare exactly; the last ballot per voter wins.
        var lastByVoter = new Dictionary<string, string>(StringComparer.Ordinal);
        var voterOrder = new List<string>();
        foreach (var ballot in ballots)
        {
            ArgumentNullException.ThrowIfNull(ballot, nameof(ballots));
            if (string.IsNullOrWhiteSpace(ballot.VoterId)) throw new ArgumentException("A ballot without a voter cannot be counted.", nameof(ballots));
            if (!lastByVoter.ContainsKey(ballot.VoterId)) voterOrder.Add(ballot.VoterId);
            lastByVoter[ballot.VoterId] = ballot.Verdict?.Trim() ?? "";
        }

        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var spelling = new List<string>();
        foreach (var voter in voterOrder)
        {
            var verdict = lastByVoter[voter];
            if (verdict.Length == 0) continue;
            if (counts.TryGetValue(verdict, out var n)) counts[verdict] = n + 1;
            else
            {
                counts[verdict] = 1;
                spelling.Add(verdict);
            }
        }

        // Most votes first, then the order verdicts first appeared, so the same ballots always read the same way.
        var ordered = spelling.OrderByDescending(v => counts[v]).ToList();
        var sorted = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var v in ordered) sorted[v] = counts[v];
        int cast = sorted.Values.Sum();

        if (cast < rule.Quorum)
            return new VoteTally(VoteStatus.AwaitingQuorum, null, cast, sorted,
                $"{cast} {VotingRule.Plural(cast, "vote")} cast, {rule.Quorum} needed");

        var leader = ordered[0];
        int top = sorted[leader];
        var tied = ordered.Where(v => sorted[v] == top).ToList();
        if (top >= rule.Majority && tied.Count == 1)
            return new VoteTally(VoteStatus.Carried, leader, cast, sorted,
                $"{top} of {cast} {VotingRule.Plural(cast, "vote")} for {leader}: carried");

        var explanation = top >= rule.Majority
            ? $"{cast} votes, {JoinNames(tied)} tied at {top}: no majority"
            : $"{cast} {VotingRule.Plural(cast, "vote")}, no verdict has {rule.Majority}";
        return new VoteTally(VoteStatus.NoMajority, null, cast, sorted, explanation);
    }

    private static string JoinNames(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];
}
