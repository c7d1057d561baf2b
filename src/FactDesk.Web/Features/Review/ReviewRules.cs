using FactDesk.Web.Data;

namespace FactDesk.Web.Features.Review;

/// <summary>What a change to a claim touches, for <see cref="ReviewRules.CheckClaim"/>.</summary>
public enum ClaimTouch
{
    /// <summary>The claim's own judgement (state, verdict, conclusion, claimant, assignee): the Editor's in a blind pass.</summary>
    Fields,

    /// <summary>Its span or its place among the others (dismiss, split, merge, re-attach).</summary>
    Structure,

    /// <summary>What hangs off it (evidence, notes): allowed in a blind pass, private to its author until the reveal.</summary>
    Attachments,
}

/// <summary>
/// The rules every change to an article obeys, and their sentences, in one place: who may write, the lock after
/// sign-off, the blind first pass, versions. <see cref="ArticleJournal"/> and the group commit behind it both ask here,
/// so no write path words a refusal differently or forgets a rule.
/// </summary>
public static class ReviewRules
{
    public const string LockedMessage = "This claim was signed off. An Editor can correct it, with a note for the corrections log.";
    public const string BlindMessage = "This article is in a blind first pass: propose your verdict and conclusion in the session; the Editor decides the claim’s own state, verdict, conclusion and claimant. Your notes and evidence stay yours until the reveal.";
    public const string EmptyPatchMessage = "The change is empty: set at least one of state, verdict, conclusion, assignee or claimant.";
    public const string EditorsOnlyImportMessage = "Only Editors can import articles. Ask an Editor to import it, or to make you one.";
    public const string EditorsOnlyRevisionMessage = "Only Editors can load a new revision of an article.";

    public static string ViewerMessage(Actor actor) =>
        $"{actor.Name}, your account can read but not annotate. Ask an Editor to make you a Reviewer on the People page.";

    public static string StaleMessage(int currentVersion) =>
        $"Someone changed this claim while you were working on it (it is now at version {currentVersion}). Your change was not saved; review the current state and apply it again.";

    public static string RaceMessage(int currentVersion) =>
        $"Someone changed this claim at the same moment (it is now at version {currentVersion}). Your change was not saved.";

    /// <summary>The right a change needs before anything is read: null when <paramref name="actor"/> has it.</summary>
    public static Refusal? CheckRight(Actor actor, JournalRight right) => right switch
    {
        JournalRight.Annotate when !actor.CanAnnotate => new(WriteStatus.Forbidden, ViewerMessage(actor)),
        JournalRight.ImportArticle when !actor.IsEditor => new(WriteStatus.Forbidden, EditorsOnlyImportMessage),
        JournalRight.Revise when !actor.IsEditor => new(WriteStatus.Forbidden, EditorsOnlyRevisionMessage),
        JournalRight.Edit when !actor.IsEditor => new(WriteStatus.Forbidden, "Only Editors can do this."),
        _ => null,
    };

    /// <summary>
    /// Whether <paramref name="actor"/> may make a change of kind <paramref name="touch"/> to <paramref name="claim"/>,
    /// read at <paramref name="version"/> (null: the change does not depend on a version). The order is the one every
    /// path answers in: a stale version first (the reviewer must see the current claim), then the lock, then the blind pass.
    /// </summary>
    public static Refusal? CheckClaim(Actor actor, Claim claim, int? version, ClaimTouch touch, bool blindPass, bool correcting = false)
    {
        if (version is { } v && claim.Version != v) return new(WriteStatus.Conflict, StaleMessage(claim.Version));
        if (claim.Locked && !(correcting && actor.IsEditor)) return new(WriteStatus.Forbidden, LockedMessage);
        if (blindPass && !actor.IsEditor && touch == ClaimTouch.Fields) return new(WriteStatus.Forbidden, BlindMessage);
        return null;
    }

    /// <summary>Who alone (with the Editors) may see what <paramref name="actor"/> records now: set in a blind pass for non-Editors.</summary>
    public static string? PrivateTo(Actor actor, bool blindPass) => blindPass && !actor.IsEditor ? actor.UserId : null;
}

/// <summary>The right a unit of work needs; checked by <see cref="ArticleJournal"/> before it begins.</summary>
public enum JournalRight { Annotate, Edit, ImportArticle, Revise }

/// <summary>A refused change: its status and the sentence the reviewer reads.</summary>
public sealed record Refusal(WriteStatus Status, string Message)
{
    /// <summary>The refusal as a write's answer; a conflict carries the claim as it is now.</summary>
    public WriteResult<T> As<T>(ClaimDto? current = null) => new(Status, Message: Message, Current: Status == WriteStatus.Conflict ? current : null);
}
