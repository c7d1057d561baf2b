using FactDesk.Core.Sessions;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;

namespace FactDesk.Web.Features.Sessions;

public sealed record SessionSetup(IReadOnlyList<string> ParticipantIds, DateTimeOffset? Deadline, bool Blind, DecisionMode Mode, int Quorum = 1, int Majority = 1);

public sealed record ProposalDto(int ClaimId, string ReviewerId, string ReviewerName, string? Verdict, string? Conclusion, DateTimeOffset UpdatedAt);

public sealed record BallotDto(int ClaimId, string VoterId, string VoterName, string Verdict);

public sealed record CorrectionDto(int Id, int? ClaimId, DateTimeOffset At, string Author, string What, string Why);

/// <summary>A session as one person may see it: in a blind first pass, a Reviewer's view holds only their own proposals.</summary>
public sealed record SessionView(
    int Id,
    int ArticleId,
    string ArticleTitle,
    SessionStatus Status,
    bool Blind,
    DateTimeOffset? RevealedAt,
    DateTimeOffset? Deadline,
    DecisionMode Mode,
    int Quorum,
    int Majority,
    IReadOnlyList<PersonOption> Participants,
    IReadOnlyList<ProposalDto> Proposals,
    IReadOnlyList<BallotDto> Ballots,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SignedOffAt)
{
    public bool BlindNow => Blind && RevealedAt is null && Status == SessionStatus.Open;
}

public static class SessionEventKinds
{
    public const string Started = "session.started";
    public const string ProposalSaved = "proposal.saved";
    public const string Revealed = "session.revealed";
    public const string VoteCast = "vote.cast";
    public const string SignedOff = "session.signedoff";
    public const string Corrected = "claim.corrected";
}

/// <summary>What is not finished before a sign-off: shown to the Editor, who confirms naming the count.</summary>
public sealed record SignOffReadiness(int Claims, IReadOnlyList<string> WithoutVerdict, IReadOnlyList<string> NotDone, IReadOnlyList<string> Unsettled)
{
    public bool Ready => WithoutVerdict.Count == 0 && NotDone.Count == 0 && Unsettled.Count == 0;

    /// <summary>
    /// Claims (active ones, in text order, as "#n") without a verdict; Open, In progress or Needing a second check; and
    /// with proposals that disagree and no final verdict yet.
    /// </summary>
    public static SignOffReadiness Of(IReadOnlyList<(int Number, FactDesk.Core.Verdicts.WorkflowState State, string? Verdict, IReadOnlyList<string?> Proposed)> claims)
    {
        var noVerdict = claims.Where(c => c.Verdict is null).Select(c => $"#{c.Number}").ToList();
        var notDone = claims.Where(c => c.State is FactDesk.Core.Verdicts.WorkflowState.Open or FactDesk.Core.Verdicts.WorkflowState.InProgress or FactDesk.Core.Verdicts.WorkflowState.NeedsSecondCheck)
            .Select(c => $"#{c.Number}").ToList();
        var unsettled = claims.Where(c => c.Verdict is null && c.Proposed.Where(v => v is not null).Distinct().Count() > 1).Select(c => $"#{c.Number}").ToList();
        return new SignOffReadiness(claims.Count, noVerdict, notDone, unsettled);
    }
}
