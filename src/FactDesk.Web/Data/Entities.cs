using FactDesk.Core.Claims;
using FactDesk.Core.Import;
using FactDesk.Core.Verdicts;
using Microsoft.AspNetCore.Identity;

namespace FactDesk.Web.Data;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The interface language chosen by the person ("en", "uk"); null: the browser's until they choose.</summary>
    public string? Culture { get; set; }
    /// <summary>Set when an Editor created the account with a password they know: the person picks their own before anything else.</summary>
    public bool MustChangePassword { get; set; }
}

public sealed class Article
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public string? Outlet { get; set; }
    public string? Author { get; set; }
    public string? Url { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    /// <summary>When the outlet last changed the story, as the page said when it was imported; null when it did not say.</summary>
    public DateTimeOffset? ModifiedAt { get; set; }
    /// <summary>The address the page names as its canonical one; ClaimReview cites it before <see cref="Url"/>.</summary>
    public string? CanonicalUrl { get; set; }
    public string? Language { get; set; }
    /// <summary>Clean plain text; claim offsets point into it. Never markup.</summary>
    public string Body { get; set; } = "";
    public int WordCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedById { get; set; } = "";
    /// <summary>Number of the newest Event of this article; Events are numbered 1, 2, 3… without gaps.</summary>
    public int LastEventNumber { get; set; }
    /// <summary>1 for the imported text; each new version of the story (the outlet updated it) adds one.</summary>
    public int Revision { get; set; } = 1;
    /// <summary>Where the desk publishes its fact-check of this article: ClaimReview's <c>url</c>. Null until an Editor sets it.</summary>
    public string? FactCheckUrl { get; set; }
    public List<Claim> Claims { get; set; } = [];
    public List<ArticleSource> Sources { get; set; } = [];
}

/// <summary>The raw input an article came from, and what cleaning removed, so it stays inspectable.</summary>
public sealed class ArticleSource
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public int Revision { get; set; } = 1;
    public SourceFormat Format { get; set; }
    public string Raw { get; set; } = "";
    /// <summary>JSON array of the blocks cleaning removed (and the editor did not restore).</summary>
    public string RemovedBlocksJson { get; set; } = "[]";
    public DateTimeOffset ImportedAt { get; set; }
}

public sealed class Claim
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public Article? Article { get; set; }
    public int Start { get; set; }
    public int End { get; set; }
    public string Exact { get; set; } = "";
    public string Prefix { get; set; } = "";
    public string Suffix { get; set; } = "";
    public string? Claimant { get; set; }
    public double Score { get; set; }
    /// <summary>Why the spotter scored it so, one reason per line.</summary>
    public string Reasons { get; set; } = "";
    public ClaimType Type { get; set; }
    public ClaimOrigin Origin { get; set; }
    public bool Dismissed { get; set; }
    /// <summary>The article was revised and this claim's text could not be found again: kept, flagged, never mis-anchored.</summary>
    public bool Orphaned { get; set; }
    /// <summary>Signed off: further changes need an Editor and a correction note.</summary>
    public bool Locked { get; set; }
    public WorkflowState State { get; set; }
    public string? Verdict { get; set; }
    public string? Conclusion { get; set; }
    public string? AssigneeId { get; set; }
    public AppUser? Assignee { get; set; }
    /// <summary>Optimistic concurrency: every change to the claim's own fields increments it.</summary>
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedById { get; set; }
    public List<Evidence> Evidence { get; set; } = [];
    public List<Note> Notes { get; set; } = [];

    public IReadOnlyList<string> ReasonList => Reasons.Length == 0 ? [] : Reasons.Split('\n');

    /// <summary>Records that the claim's own fields changed: a new version, when and by whom. Every writer calls this.</summary>
    public void Touch(string userId, DateTimeOffset at)
    {
        Version++;
        UpdatedAt = at;
        UpdatedById = userId;
    }
}

public sealed class Evidence
{
    public int Id { get; set; }
    public int ClaimId { get; set; }
    public string? Url { get; set; }
    public string? Description { get; set; }
    public string? Excerpt { get; set; }
    public EvidenceStance Stance { get; set; }
    public DateOnly? AccessedOn { get; set; }
    /// <summary>Kept inside the desk only: naming the source could endanger someone.</summary>
    public bool Redacted { get; set; }
    /// <summary>Added during a blind first pass: visible only to this reviewer (and Editors) until the session is revealed.</summary>
    public string? BlindOwnerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedById { get; set; } = "";
    public AppUser? CreatedBy { get; set; }
}

public sealed class Note
{
    public int Id { get; set; }
    public int ClaimId { get; set; }
    public int? ParentId { get; set; }
    public string Body { get; set; } = "";
    /// <summary>Written during a blind first pass: visible only to its author (and Editors) until the session is revealed.</summary>
    public string? BlindOwnerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string AuthorId { get; set; } = "";
    public AppUser? Author { get; set; }
}

/// <summary>One recorded change: the audit trail, the history, and later the live stream, all read from here.</summary>
public sealed class ReviewEvent
{
    public long Id { get; set; }
    public int ArticleId { get; set; }
    public int Number { get; set; }
    public int? ClaimId { get; set; }
    public string Kind { get; set; } = "";
    public string ActorId { get; set; } = "";
    public string ActorName { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    /// <summary>Set for a blind first pass: only this person and Editors may see the Event until the reveal.</summary>
    public string? VisibleToUserId { get; set; }

    /// <summary>The values of <see cref="Before"/> and <see cref="After"/> as made by the writer, so publishing a
    /// freshly stored Event does not parse back the text it has just written. Not stored; null on Events read back.</summary>
    [System.ComponentModel.DataAnnotations.Schema.NotMapped]
    public System.Text.Json.JsonElement? BeforeValue { get; set; }

    [System.ComponentModel.DataAnnotations.Schema.NotMapped]
    public System.Text.Json.JsonElement? AfterValue { get; set; }
}

public sealed class ApiToken
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    public string Name { get; set; } = "";
    /// <summary>First characters of the token, shown so a person can tell tokens apart.</summary>
    public string Prefix { get; set; } = "";
    /// <summary>SHA-256 of the whole token; the token itself is never stored.</summary>
    public string Hash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

public sealed class Invitation
{
    public int Id { get; set; }
    public string Email { get; set; } = "";
    public string Role { get; set; } = Roles.Reviewer;
    public string CodeHash { get; set; } = "";
    public string CreatedById { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
}
