using System.Linq.Expressions;
using FactDesk.Core.Sessions;

namespace FactDesk.Web.Data;

public enum SessionStatus { Open, SignedOff }

/// <summary>An editor-led pass over one article: participants, a deadline, an optional blind first pass, votes, sign-off.</summary>
public sealed class ReviewSession
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public string CreatedById { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? Deadline { get; set; }
    /// <summary>Until revealed, each reviewer sees only their own proposals and evidence.</summary>
    public bool Blind { get; set; }
    public DateTimeOffset? RevealedAt { get; set; }
    public DecisionMode DecisionMode { get; set; }
    public int Quorum { get; set; } = 1;
    public int Majority { get; set; } = 1;
    public SessionStatus Status { get; set; }
    public DateTimeOffset? SignedOffAt { get; set; }
    public string? SignedOffById { get; set; }
    public List<SessionParticipant> Participants { get; set; } = [];

    /// <summary>
    /// The one definition of "a blind first pass is open": blind, not yet revealed, not signed off. Queries use it as
    /// <c>db.Sessions.Where(ReviewSession.OpenBlindPass)</c>; a loaded session asks <see cref="IsBlindNow"/>.
    /// (The claim batch's raw SQL, ClaimBatchStatements, spells the same three conditions.)
    /// </summary>
    public static readonly Expression<Func<ReviewSession, bool>> OpenBlindPass =
        s => s.Blind && s.RevealedAt == null && s.Status == SessionStatus.Open;

    private static readonly Func<ReviewSession, bool> IsOpenBlindPass = OpenBlindPass.Compile();

    public bool IsBlindNow => IsOpenBlindPass(this);
}

public sealed class SessionParticipant
{
    public int SessionId { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
}

/// <summary>A reviewer's proposed verdict and conclusion for a claim in a session.</summary>
public sealed class Proposal
{
    public int Id { get; set; }
    public int SessionId { get; set; }
    public int ClaimId { get; set; }
    public string ReviewerId { get; set; } = "";
    public AppUser? Reviewer { get; set; }
    public string? Verdict { get; set; }
    public string? Conclusion { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class SessionBallot
{
    public int Id { get; set; }
    public int SessionId { get; set; }
    public int ClaimId { get; set; }
    public string VoterId { get; set; } = "";
    public AppUser? Voter { get; set; }
    public string Verdict { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>A change made after sign-off: what changed and why, part of the exports and the public report.</summary>
public sealed class Correction
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public int? ClaimId { get; set; }
    public DateTimeOffset At { get; set; }
    public string AuthorId { get; set; } = "";
    public string AuthorName { get; set; } = "";
    public string What { get; set; } = "";
    public string Why { get; set; } = "";
}

public sealed class Notification
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Text { get; set; } = "";
    public string? Link { get; set; }
    /// <summary>How many like changes this one notification stands for (a balance assigns many claims at once).</summary>
    public int Count { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}
