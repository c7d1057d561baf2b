using FactDesk.Core.Claims;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;

namespace FactDesk.Web.Tests.Review;

public sealed class ClaimOrderingTests
{
    private static ClaimDto Claim(int id, int start, int end, double score = 0.5, bool dismissed = false) =>
        new(id, 1, 1, start, end, "x", "", "", score, [], ClaimType.Other, ClaimOrigin.Suggested, dismissed, WorkflowState.Open,
            null, null, null, null, null, 0, 0, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Step_FromLastClaim_StaysOnLast()
    {
        var visible = new[] { Claim(1, 0, 5), Claim(2, 10, 15) };
        Assert.Equal(2, ClaimOrdering.Step(visible, 2, +1));
        Assert.Equal(1, ClaimOrdering.Step(visible, 2, -1));
        Assert.Equal(1, ClaimOrdering.Step(visible, null, +1));
        Assert.Equal(2, ClaimOrdering.Step(visible, null, -1));
        Assert.Null(ClaimOrdering.Step([], null, +1));
    }

    [Fact]
    public void Apply_ByScore_ExcludesDismissedUnlessAsked()
    {
        var claims = new[] { Claim(1, 0, 5, 0.2), Claim(2, 10, 15, 0.9), Claim(3, 20, 25, 0.7, dismissed: true) };
        Assert.Equal([2, 1], ClaimOrdering.Apply(claims, ClaimSort.Score, ClaimFilter.All).Select(c => c.Id));
        Assert.Equal([3], ClaimOrdering.Apply(claims, ClaimSort.Position, ClaimFilter.Dismissed).Select(c => c.Id));
    }

    [Fact]
    public void TextSegments_OverlappingClaims_CoverEveryCharacterOnceAndLaterClaimWins()
    {
        const string body = "Alpha beta gamma delta.\n\nSecond paragraph here.";
        var outer = Claim(1, 0, 23);
        var inner = Claim(2, 6, 16);
        var next = Claim(3, 25, 31);

        var paragraphs = TextSegments.Build(body, [outer, inner, next]);

        Assert.Equal(2, paragraphs.Count);
        var first = paragraphs[0].Segments;
        Assert.Equal([(0, 6, (int?)1), (6, 16, 2), (16, 23, 1)], first.Select(s => (s.Start, s.End, s.ClaimId)));
        Assert.Equal([(25, 31, (int?)3), (31, 47, null)], paragraphs[1].Segments.Select(s => (s.Start, s.End, s.ClaimId)));
    }
}
