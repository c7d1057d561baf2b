using FactDesk.Web.Data;
using FactDesk.Web.Localization;
using FactDesk.Web.Features.Review.Reading;

namespace FactDesk.Web.Features.Review.Writing;

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
    public static string LockedMessage => Say.Text("Rules.Locked");
    public static string BlindMessage => Say.Text("Rules.Blind");
    public static string EmptyPatchMessage => Say.Text("Rules.EmptyPatch");
    public static string EditorsOnlyImportMessage => Say.Text("Rules.EditorsImport");
    public static string EditorsOnlyRevisionMessage => Say.Text("Rules.EditorsRevise");

    public static string ViewerMessage(Actor actor) =>
        Say.Text("Rules.Viewer", actor.Name);

    public static string StaleMessage(int currentVersion) =>
        Say.Text("Rules.Stale", currentVersion);

    public static string RaceMessage(int currentVersion) =>
        Say.Text("Rules.Race", currentVersion);

    /// <summary>The right a change needs before anything is read: null when <paramref name="actor"/> has it.</summary>
    public static Refusal? CheckRight(Actor actor, JournalRight right) => right switch
    {
        JournalRight.Annotate when !actor.CanAnnotate => new(WriteStatus.Forbidden, ViewerMessage(actor)),
        JournalRight.ImportArticle when !actor.IsEditor => new(WriteStatus.Forbidden, EditorsOnlyImportMessage),
        JournalRight.Revise when !actor.IsEditor => new(WriteStatus.Forbidden, EditorsOnlyRevisionMessage),
        JournalRight.Edit when !actor.IsEditor => new(WriteStatus.Forbidden, Say.Text("Rules.EditorsOnly")),
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

    /// <summary>
    /// An Event as a blind pass stores it. While the pass is open only Editors read a claim's own verdict and
    /// conclusion (<see cref="ReviewVisibility.HidesVerdicts"/>), so an Event that carries one (an Editor's field
    /// edit, an annotation import, a split or merge) is private to its author: the Editors get it live, in the
    /// history and through <c>/events</c>, Reviewers do not, until the reveal clears the private marks.
    /// (A Reviewer cannot change those fields in the pass, and what they record is private to them anyway.)
    /// </summary>
    public static ReviewEvent Sealed(ReviewEvent e, bool blindPass)
    {
        if (blindPass && e.VisibleToUserId is null && (ReviewVisibility.CarriesVerdict(e.BeforeValue) || ReviewVisibility.CarriesVerdict(e.AfterValue)))
            e.VisibleToUserId = e.ActorId;
        return e;
    }
}

/// <summary>The right a unit of work needs; checked by <see cref="ArticleJournal"/> before it begins.</summary>
public enum JournalRight { Annotate, Edit, ImportArticle, Revise }

/// <summary>A refused change: its status and the sentence the reviewer reads.</summary>
public sealed record Refusal(WriteStatus Status, string Message)
{
    /// <summary>The refusal as a write's answer; a conflict carries the claim as it is now.</summary>
    public WriteResult<T> As<T>(ClaimDto? current = null) => new(Status, Message: Message, Current: Status == WriteStatus.Conflict ? current : null);
}
