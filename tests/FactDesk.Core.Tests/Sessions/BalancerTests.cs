using FactDesk.Core.Sessions;

namespace FactDesk.Core.Tests.Sessions;

public class BalancerTests
{
    private static readonly string[] Two = ["ann", "bo"];
    private static readonly string[] Three = ["ann", "bo", "cy"];

    private static Assignable[] Unassigned(int count, double score = 0.5) =>
        Enumerable.Range(1, count).Select(id => new Assignable(id, score, null)).ToArray();

    private static Dictionary<string, int> FinalCounts(IReadOnlyList<Assignable> claims, IReadOnlyList<string> people, IReadOnlyList<Assignment> result) =>
        people.ToDictionary(p => p, p => claims.Count(c => c.AssigneeId == p) + result.Count(a => a.ReviewerId == p));

    private static Dictionary<string, double> FinalTotals(IReadOnlyList<Assignable> claims, IReadOnlyList<string> people, IReadOnlyList<Assignment> result)
    {
        var score = claims.ToDictionary(c => c.ClaimId, c => c.Score);
        return people.ToDictionary(p => p,
            p => claims.Where(c => c.AssigneeId == p).Sum(c => c.Score) + result.Where(a => a.ReviewerId == p).Sum(a => score[a.ClaimId]));
    }

    [Theory]
    [InlineData(6, 2, 3, 3)]
    [InlineData(7, 3, 2, 3)]
    [InlineData(10, 3, 3, 4)]
    [InlineData(1, 3, 0, 1)]
    public void Balance_ByCount_LoadsDifferByAtMostOne(int claims, int participants, int min, int max)
    {
        var people = Enumerable.Range(0, participants).Select(i => $"r{i}").ToArray();
        var input = Unassigned(claims);

        var result = Balancer.Balance(input, people, BalanceMode.ByCount);

        var counts = FinalCounts(input, people, result);
        Assert.Equal(claims, result.Count);
        Assert.Equal(min, counts.Values.Min());
        Assert.Equal(max, counts.Values.Max());
    }

    [Fact]
    public void Balance_ByCount_ExistingAssignmentsCountTowardsLoad()
    {
        // Ann already has three claims, so the six new ones go to Bo and Cy until all three hold the same.
        Assignable[] input =
        [
            new(1, 0.5, "ann"), new(2, 0.5, "ann"), new(3, 0.5, "ann"),
            new(4, 0.5, null), new(5, 0.5, null), new(6, 0.5, null), new(7, 0.5, null), new(8, 0.5, null), new(9, 0.5, null),
        ];

        var result = Balancer.Balance(input, Three, BalanceMode.ByCount);

        Assert.Equal(
            [
                new Assignment(4, "bo"), new Assignment(5, "cy"), new Assignment(6, "bo"),
                new Assignment(7, "cy"), new Assignment(8, "bo"), new Assignment(9, "cy"),
            ],
            result);
        Assert.All(FinalCounts(input, Three, result).Values, c => Assert.Equal(3, c));
    }

    [Fact]
    public void Balance_ByCount_ExistingLoadTooUnevenToFix_FillsTheLightest()
    {
        Assignable[] input = [new(1, 0.5, "ann"), new(2, 0.5, "ann"), new(3, 0.5, "ann"), new(4, 0.5, null)];

        var result = Balancer.Balance(input, Two, BalanceMode.ByCount);

        Assert.Equal([new Assignment(4, "bo")], result);
    }

    [Fact]
    public void Balance_ByCount_TiesGoToParticipantOrderThenClaimOrder()
    {
        var result = Balancer.Balance(Unassigned(5), Three, BalanceMode.ByCount);

        Assert.Equal(
            [new Assignment(1, "ann"), new Assignment(2, "bo"), new Assignment(3, "cy"), new Assignment(4, "ann"), new Assignment(5, "bo")],
            result);
    }

    [Theory]
    [InlineData(BalanceMode.ByCount)]
    [InlineData(BalanceMode.ByScore)]
    public void Balance_MoreParticipantsThanClaims_EachClaimToADifferentParticipant(BalanceMode mode)
    {
        var people = new[] { "ann", "bo", "cy", "di", "ed" };
        Assignable[] input = [new(1, 0.2, null), new(2, 0.9, null)];

        var result = Balancer.Balance(input, people, mode);

        Assert.Equal(2, result.Count);
        Assert.Equal(2, result.Select(a => a.ReviewerId).Distinct().Count());
    }

    [Theory]
    [InlineData(BalanceMode.ByCount)]
    [InlineData(BalanceMode.ByScore)]
    public void Balance_NoParticipants_ReturnsEmpty(BalanceMode mode) =>
        Assert.Empty(Balancer.Balance(Unassigned(4), [], mode));

    [Theory]
    [InlineData(BalanceMode.ByCount)]
    [InlineData(BalanceMode.ByScore)]
    public void Balance_NoClaims_ReturnsEmpty(BalanceMode mode) =>
        Assert.Empty(Balancer.Balance([], Two, mode));

    [Theory]
    [InlineData(BalanceMode.ByCount)]
    [InlineData(BalanceMode.ByScore)]
    public void Balance_AlreadyAssignedClaims_AreLeftUntouched(BalanceMode mode)
    {
        // Claim 2 belongs to someone who left the session: still assigned, so not the balancer's to move.
        Assignable[] input = [new(1, 0.9, "ann"), new(2, 0.8, "gone"), new(3, 0.7, null), new(4, 0.6, "bo"), new(5, 0.5, null)];

        var result = Balancer.Balance(input, Two, mode);

        Assert.Equal([3, 5], result.Select(a => a.ClaimId));
        Assert.All(result, a => Assert.Contains(a.ReviewerId, Two));
    }

    [Fact]
    public void Balance_DuplicateParticipant_CountsOnce()
    {
        var result = Balancer.Balance(Unassigned(4), ["ann", "bo", "ann"], BalanceMode.ByCount);

        Assert.Equal(2, result.Count(a => a.ReviewerId == "ann"));
        Assert.Equal(2, result.Count(a => a.ReviewerId == "bo"));
    }

    [Fact]
    public void Balance_ByScore_SixClaimsTwoReviewers_EachGetsATopTwoClaim()
    {
        Assignable[] input =
        [
            new(1, 0.6, null), new(2, 0.9, null), new(3, 0.4, null),
            new(4, 0.8, null), new(5, 0.5, null), new(6, 0.7, null),
        ];

        var result = Balancer.Balance(input, Two, BalanceMode.ByScore);

        var owner = result.ToDictionary(a => a.ClaimId, a => a.ReviewerId);
        Assert.NotEqual(owner[2], owner[4]);
        var counts = FinalCounts(input, Two, result);
        Assert.Equal(3, counts["ann"]);
        Assert.Equal(3, counts["bo"]);
        var totals = FinalTotals(input, Two, result);
        Assert.True(Math.Abs(totals["ann"] - totals["bo"]) <= 0.1 + 1e-9, $"totals {totals["ann"]} and {totals["bo"]}");
        // Assignments come back in the order the claims were given, not in score order.
        Assert.Equal([1, 2, 3, 4, 5, 6], result.Select(a => a.ClaimId));
    }

    [Fact]
    public void Balance_ByScore_ThreeReviewers_TopThreeGoToThreeDifferentPeople()
    {
        var input = new[] { 0.95, 0.9, 0.85, 0.3, 0.2, 0.1, 0.6, 0.5, 0.4 }
            .Select((s, i) => new Assignable(i + 1, s, null)).ToArray();

        var result = Balancer.Balance(input, Three, BalanceMode.ByScore);

        Assert.Equal(3, result.Where(a => a.ClaimId <= 3).Select(a => a.ReviewerId).Distinct().Count());
        Assert.All(FinalCounts(input, Three, result).Values, c => Assert.Equal(3, c));
    }

    [Fact]
    public void Balance_ByScore_CountsStayEvenWhenOneClaimDwarfsTheRest()
    {
        // Chasing equal totals alone would hand Bo every small claim; the workload stays even instead.
        Assignable[] input = [new(1, 1.0, null), .. Enumerable.Range(2, 7).Select(id => new Assignable(id, 0.1, null))];

        var result = Balancer.Balance(input, Two, BalanceMode.ByScore);

        var counts = FinalCounts(input, Two, result);
        Assert.Equal(4, counts["ann"]);
        Assert.Equal(4, counts["bo"]);
    }

    [Fact]
    public void Balance_ByScore_ExistingHighScoresCountTowardsTotal()
    {
        // Ann already holds the two most check-worthy claims; the next best new claims go to Bo.
        Assignable[] input =
        [
            new(1, 0.95, "ann"), new(2, 0.9, "ann"),
            new(3, 0.8, null), new(4, 0.7, null), new(5, 0.6, null), new(6, 0.2, null),
        ];

        var result = Balancer.Balance(input, Two, BalanceMode.ByScore);

        var owner = result.ToDictionary(a => a.ClaimId, a => a.ReviewerId);
        Assert.Equal("bo", owner[3]);
        Assert.Equal("bo", owner[4]);
        Assert.All(FinalCounts(input, Two, result).Values, c => Assert.Equal(3, c));
    }

    [Fact]
    public void Balance_ByScore_ManyRandomSessions_TotalsWithinTheTopScore()
    {
        // A seeded generator keeps the cases fixed; the bound is the largest single claim,
        // since no split into equal counts can always do better than that.
        var random = new Random(20240518);
        for (int run = 0; run < 500; run++)
        {
            int participants = random.Next(1, 6);
            int perPerson = random.Next(1, 8);
            var people = Enumerable.Range(0, participants).Select(i => $"r{i}").ToArray();
            var input = Enumerable.Range(1, participants * perPerson)
                .Select(id => new Assignable(id, Math.Round(random.NextDouble(), 3), null)).ToArray();

            var result = Balancer.Balance(input, people, BalanceMode.ByScore);

            var totals = FinalTotals(input, people, result).Values;
            double top = input.Max(c => c.Score);
            Assert.True(totals.Max() - totals.Min() <= top + 1e-9, $"run {run}: spread {totals.Max() - totals.Min()} exceeds {top}");
            Assert.All(FinalCounts(input, people, result).Values, c => Assert.Equal(perPerson, c));
        }
    }

    [Theory]
    [InlineData(BalanceMode.ByCount)]
    [InlineData(BalanceMode.ByScore)]
    public void Balance_SameInput_SameOutput(BalanceMode mode)
    {
        Assignable[] input =
        [
            new(10, 0.5, null), new(11, 0.5, null), new(12, 0.9, "bo"), new(13, 0.5, null),
            new(14, 0.3, null), new(15, 0.7, null), new(16, 0.5, null),
        ];

        var first = Balancer.Balance(input, Three, mode);
        var second = Balancer.Balance(input.ToArray(), Three.ToArray(), mode);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Balance_ClaimListedTwice_Throws() =>
        Assert.Throws<ArgumentException>(() => Balancer.Balance([new(1, 0.5, null), new(1, 0.5, null)], Two, BalanceMode.ByCount));

    [Fact]
    public void Balance_ScoreNotANumber_Throws() =>
        Assert.Throws<ArgumentException>(() => Balancer.Balance([new(1, double.NaN, null)], Two, BalanceMode.ByScore));
}
