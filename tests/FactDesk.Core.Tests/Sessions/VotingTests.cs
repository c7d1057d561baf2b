using FactDesk.Core.Sessions;

namespace FactDesk.Core.Tests.Sessions;

public class VotingTests
{
    // PolitiFact: three editors vote, two votes carry.
    private static readonly VotingRule PolitiFact = new(Quorum: 3, Majority: 2);

    private static Ballot[] Ballots(params string[] voterVerdict) =>
        voterVerdict.Select(s => s.Split(':')).Select(p => new Ballot(p[0], p[1])).ToArray();

    [Theory]
    [InlineData(new[] { "ann:false", "bo:false", "cy:true" }, VoteStatus.Carried, "false", 3, "2 of 3 votes for false: carried")]
    [InlineData(new[] { "ann:false", "bo:false", "cy:false" }, VoteStatus.Carried, "false", 3, "3 of 3 votes for false: carried")]
    [InlineData(new[] { "ann:false", "bo:true", "cy:half-true" }, VoteStatus.NoMajority, null, 3, "3 votes, no verdict has 2")]
    [InlineData(new[] { "ann:false", "bo:false" }, VoteStatus.AwaitingQuorum, null, 2, "2 votes cast, 3 needed")]
    [InlineData(new[] { "ann:false" }, VoteStatus.AwaitingQuorum, null, 1, "1 vote cast, 3 needed")]
    [InlineData(new string[0], VoteStatus.AwaitingQuorum, null, 0, "0 votes cast, 3 needed")]
    [InlineData(new[] { "ann:false", "bo:false", "cy:true", "di:true" }, VoteStatus.NoMajority, null, 4, "4 votes, false and true tied at 2: no majority")]
    [InlineData(new[] { "ann:false", "bo:false", "cy:true", "di:misleading" }, VoteStatus.Carried, "false", 4, "2 of 4 votes for false: carried")]
    public void Tally_PolitiFactRule_Expected(string[] ballots, VoteStatus status, string? winner, int cast, string explanation)
    {
        var tally = Voting.Tally(Ballots(ballots), PolitiFact);

        Assert.Equal(status, tally.Status);
        Assert.Equal(winner, tally.Winner);
        Assert.Equal(cast, tally.Cast);
        Assert.Equal(explanation, tally.Explanation);
    }

    [Fact]
    public void Tally_VoterChangesVote_CountsOnlyTheLastBallot()
    {
        // Bo first sides with Ann, then changes to True: one vote for Bo, and it is True.
        var tally = Voting.Tally(Ballots("ann:false", "bo:false", "bo:true", "cy:half-true"), PolitiFact);

        Assert.Equal(3, tally.Cast);
        Assert.Equal(VoteStatus.NoMajority, tally.Status);
        Assert.Equal(1, tally.Counts["false"]);
        Assert.Equal(1, tally.Counts["true"]);
    }

    [Fact]
    public void Tally_SameVoterVotesTwice_DoesNotReachQuorumAlone()
    {
        var tally = Voting.Tally(Ballots("ann:false", "ann:false", "bo:false"), PolitiFact);

        Assert.Equal(VoteStatus.AwaitingQuorum, tally.Status);
        Assert.Equal(2, tally.Cast);
        Assert.Null(tally.Winner);
    }

    [Fact]
    public void Tally_VoterChangesVoteToCarry_Carries()
    {
        var tally = Voting.Tally(Ballots("ann:false", "bo:true", "cy:half-true", "cy:false"), PolitiFact);

        Assert.Equal(VoteStatus.Carried, tally.Status);
        Assert.Equal("false", tally.Winner);
    }

    [Fact]
    public void Tally_BlankLastBallot_WithdrawsTheVote()
    {
        var tally = Voting.Tally(Ballots("ann:false", "bo:false", "cy:true", "cy: "), PolitiFact);

        Assert.Equal(VoteStatus.AwaitingQuorum, tally.Status);
        Assert.Equal(2, tally.Cast);
        Assert.False(tally.Counts.ContainsKey("true"));
    }

    [Fact]
    public void Tally_VerdictsDifferInCase_CountAsOneVerdict()
    {
        var tally = Voting.Tally(Ballots("ann:False", "bo:false", "cy:TRUE"), PolitiFact);

        Assert.Equal(VoteStatus.Carried, tally.Status);
        Assert.Equal("False", tally.Winner);
        Assert.Equal(2, tally.Counts["FALSE"]);
        Assert.Equal(2, tally.Counts.Count);
    }

    [Fact]
    public void Tally_Counts_MostVotesFirstThenFirstCast()
    {
        var tally = Voting.Tally(Ballots("ann:true", "bo:false", "cy:false", "di:misleading"), PolitiFact);

        Assert.Equal(["false", "true", "misleading"], tally.Counts.Keys);
    }

    [Fact]
    public void Tally_SimpleMajorityOfFive_ThreeCarry()
    {
        var tally = Voting.Tally(Ballots("a:false", "b:false", "c:false", "d:true", "e:true"), VotingRule.SimpleMajority(5));

        Assert.Equal(VoteStatus.Carried, tally.Status);
        Assert.Equal("3 of 5 votes for false: carried", tally.Explanation);
    }

    [Fact]
    public void Tally_InvalidRule_ThrowsWithTheEditorsMessage()
    {
        var rule = new VotingRule(4, 2);

        var ex = Assert.Throws<ArgumentException>(() => Voting.Tally(Ballots("a:false"), rule));

        Assert.StartsWith(rule.Validate()!, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tally_BallotWithoutVoter_Throws() =>
        Assert.Throws<ArgumentException>(() => Voting.Tally([new Ballot(" ", "false")], PolitiFact));
}
