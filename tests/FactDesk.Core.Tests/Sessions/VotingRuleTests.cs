using FactDesk.Core.Sessions;

namespace FactDesk.Core.Tests.Sessions;

public class VotingRuleTests
{
    [Theory]
    [InlineData(3, 2)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 5)]
    public void Validate_SoundRule_ReturnsNull(int quorum, int majority) =>
        Assert.Null(new VotingRule(quorum, majority).Validate());

    [Theory]
    [InlineData(0, 1, "quorum must be at least 1")]
    [InlineData(-2, 1, "quorum must be at least 1")]
    [InlineData(3, 0, "majority must be at least 1")]
    [InlineData(3, 4, "more than the quorum of 3")]
    [InlineData(4, 2, "two verdicts carry at once; it needs at least 3")]
    [InlineData(3, 1, "two verdicts carry at once; it needs at least 2")]
    [InlineData(6, 3, "two verdicts carry at once; it needs at least 4")]
    public void Validate_UnsoundRule_ExplainsWhy(int quorum, int majority, string expected)
    {
        var message = new VotingRule(quorum, majority).Validate();

        Assert.NotNull(message);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.EndsWith(".", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 2, 2)]
    [InlineData(3, 3, 2)]
    [InlineData(4, 4, 3)]
    [InlineData(5, 5, 3)]
    public void SimpleMajority_Voters_QuorumIsEveryoneMajorityIsMoreThanHalf(int voters, int quorum, int majority)
    {
        var rule = VotingRule.SimpleMajority(voters);

        Assert.Equal(new VotingRule(quorum, majority), rule);
        Assert.Null(rule.Validate());
    }

    [Fact]
    public void SimpleMajority_NoVoters_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VotingRule.SimpleMajority(0));

    [Fact]
    public void Describe_PolitiFact_ReadsTwoOfThreeCarry() =>
        Assert.Equal("2 of 3 votes carry", new VotingRule(3, 2).Describe());
}
