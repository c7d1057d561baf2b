using FactDesk.Core.Sessions;

namespace FactDesk.Core.Tests.Sessions;

public class ProposalsTests
{
    private static ProposalView[] Views(params string?[] verdicts) =>
        verdicts.Select((v, i) => new ProposalView($"reviewer{i}", v, v is null ? null : $"Concluded {v}.")).ToArray();

    [Theory]
    [InlineData(new string?[0], Agreement.NoProposals, null)]
    [InlineData(new string?[] { null, null }, Agreement.NoProposals, null)]
    [InlineData(new string?[] { "false" }, Agreement.Single, "false")]
    [InlineData(new string?[] { "false", null }, Agreement.Single, "false")]
    [InlineData(new string?[] { "false", "false" }, Agreement.Agree, "false")]
    [InlineData(new string?[] { "False", "false", "FALSE" }, Agreement.Agree, "False")]
    [InlineData(new string?[] { "false", null, "false" }, Agreement.Agree, "false")]
    [InlineData(new string?[] { "false", "true" }, Agreement.Disagree, null)]
    [InlineData(new string?[] { "false", "true", "false" }, Agreement.Disagree, "false")]
    [InlineData(new string?[] { "false", "true", "misleading" }, Agreement.Disagree, null)]
    [InlineData(new string?[] { "false", "false", "true", "misleading" }, Agreement.Disagree, null)]
    public void Compare_Verdicts_Expected(string?[] verdicts, Agreement agreement, string? consensus)
    {
        var (actual, actualConsensus) = Proposals.Compare(Views(verdicts));

        Assert.Equal(agreement, actual);
        Assert.Equal(consensus, actualConsensus);
    }

    [Fact]
    public void Compare_ConclusionWithoutVerdict_IsNotAProposal()
    {
        var result = Proposals.Compare([new ProposalView("ann", " ", "Still checking the budget figures.")]);

        Assert.Equal((Agreement.NoProposals, (string?)null), result);
    }

    [Fact]
    public void Compare_ReviewerListedTwice_CountsTheLastProposalOnce()
    {
        var result = Proposals.Compare(
        [
            new ProposalView("ann", "true", null),
            new ProposalView("bo", "false", null),
            new ProposalView("ann", "false", null),
        ]);

        Assert.Equal((Agreement.Agree, (string?)"false"), result);
    }
}
