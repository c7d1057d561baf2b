using System.Text.Json;
using FactDesk.Core.Claims;
using FactDesk.Core.Verdicts;

namespace FactDesk.Web.Kernel;

public sealed record ClaimDto(
    int Id,
    int ArticleId,
    int Version,
    int Start,
    int End,
    string Text,
    string Prefix,
    string Suffix,
    double Score,
    IReadOnlyList<string> Reasons,
    ClaimType Type,
    ClaimOrigin Origin,
    bool Dismissed,
    WorkflowState State,
    string? Verdict,
    string? Conclusion,
    string? Claimant,
    string? AssigneeId,
    string? AssigneeName,
    int EvidenceCount,
    int NoteCount,
    DateTimeOffset UpdatedAt,
    bool Orphaned = false,
    bool Locked = false);

public sealed record EvidenceDto(
    int Id,
    int ClaimId,
    string? Url,
    string? Description,
    string? Excerpt,
    EvidenceStance Stance,
    DateOnly? AccessedOn,
    bool Redacted,
    string AddedBy,
    DateTimeOffset CreatedAt);

public sealed record NoteDto(int Id, int ClaimId, int? ParentId, string Body, string AuthorId, string AuthorName, DateTimeOffset CreatedAt);

public sealed record EventActor(string Id, string Name);

/// <summary>One recorded change as clients see it: the history, the activity feed and the live stream.</summary>
public sealed record ReviewEventDto(
    int ArticleId,
    int Number,
    string Kind,
    int? ClaimId,
    EventActor Actor,
    DateTimeOffset At,
    JsonElement? Before,
    JsonElement? After,
    string? VisibleTo = null);

public static class EventKinds
{
    public const string ArticleImported = "article.imported";
    public const string ClaimAdded = "claim.added";
    public const string ClaimUpdated = "claim.updated";
    public const string ClaimDismissed = "claim.dismissed";
    public const string ClaimRestored = "claim.restored";
    public const string ClaimMerged = "claim.merged";
    public const string ClaimSplit = "claim.split";
    public const string ClaimReattached = "claim.reattached";
    public const string ArticleRevised = "article.revised";
    /// <summary>The public address of the desk's fact-check of the article was set or cleared (ClaimReview's url).</summary>
    public const string FactCheckUrlSet = "article.fact-check-url";
    public const string AnnotationsImported = "annotations.imported";
    public const string EvidenceAdded = "evidence.added";
    public const string EvidenceRemoved = "evidence.removed";
    public const string NoteAdded = "note.added";
    /// <summary>A reviewer dismissed a "Checked before" match of the claim (not the same claim); its URL is in after.</summary>
    public const string MatchDismissed = "match.dismissed";
    /// <summary>An Editor scored the article again with the desk's current model: counts in after.</summary>
    public const string ClaimsRescored = "claims.rescored";
}

/// <summary>A field a patch sets; a missing <see cref="Change{T}"/> leaves the field alone, a present one may set null.</summary>
public readonly record struct Change<T>(T Value);

public sealed record ClaimPatch
{
    public required int Version { get; init; }
    public Change<WorkflowState>? State { get; init; }
    public Change<string?>? Verdict { get; init; }
    public Change<string?>? Conclusion { get; init; }
    public Change<string?>? AssigneeId { get; init; }
    public Change<string?>? Claimant { get; init; }

    public bool IsEmpty => State is null && Verdict is null && Conclusion is null && AssigneeId is null && Claimant is null;
}

public sealed record EvidenceInput(string? Url, string? Description, string? Excerpt, EvidenceStance Stance, DateOnly? AccessedOn, bool Redacted);

/// <summary>
/// How a write ended. <see cref="Unavailable"/>: the database could not be reached, nothing was stored (each write is
/// one transaction) and the same write may simply be tried again once it is back.
/// </summary>
public enum WriteStatus { Ok, NotFound, Forbidden, Invalid, Conflict, Unavailable }

/// <summary>What every write outcome tells, whatever its value: for the hub filter and the API, which see them untyped.</summary>
public interface IWriteResult
{
    WriteStatus Status { get; }
    string? Message { get; }
}

/// <summary>The outcome of a write. A refusal always carries a sentence a reviewer understands; a conflict carries the current claim.</summary>
public sealed record WriteResult<T>(WriteStatus Status, T? Value = default, string? Message = null, ClaimDto? Current = null) : IWriteResult
{
    public bool Ok => Status == WriteStatus.Ok;

    public static WriteResult<T> Success(T value) => new(WriteStatus.Ok, value);
    public static WriteResult<T> NotFound(string message) => new(WriteStatus.NotFound, Message: message);
    public static WriteResult<T> Forbidden(string message) => new(WriteStatus.Forbidden, Message: message);
    public static WriteResult<T> Invalid(string message) => new(WriteStatus.Invalid, Message: message);
    public static WriteResult<T> Conflict(ClaimDto current, string message) => new(WriteStatus.Conflict, Message: message, Current: current);
    public static WriteResult<T> Unavailable(string message) => new(WriteStatus.Unavailable, Message: message);
}
