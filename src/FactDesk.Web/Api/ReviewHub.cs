using System.Text.Json;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Localization;
using FactDesk.Web.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace FactDesk.Web.Api;

/// <summary>
/// The public real-time API at /hubs/review, for anything that is not a Blazor circuit: .NET or JavaScript clients,
/// newsroom bots, CMS plug-ins. The same operations as the pages, through the same write path, and the same Events.
/// </summary>
[Authorize]
public sealed partial class ReviewHub(
    ReviewService review,
    ReviewQueries queries,
    Features.Sessions.SessionService sessions,
    PresenceTracker presence,
    ILogger<ReviewHub> logger) : Hub<IReviewClient>
{
    public const string Path = "/hubs/review";
    public const int MaxCatchUp = IArticleEventLog.MaxCatchUp;

    public static string Group(int articleId) => $"article:{articleId}";

    /// <summary>The article's Editors, who also see what is private to one reviewer in a blind first pass.</summary>
    public static string EditorsGroup(int articleId) => $"article:{articleId}:editors";

    /// <summary>A non-Editor's connections on the article, for Events private to them (an Editor gets those through <see cref="EditorsGroup"/>).</summary>
    public static string PersonalGroup(int articleId, string userId) => $"article:{articleId}:user:{userId}";

    /// <summary>Follows an article: returns its Events after <paramref name="afterEventNumber"/>, in order, then streams new ones.</summary>
    public async Task<IReadOnlyList<ReviewEventDto>> JoinArticle(int articleId, int afterEventNumber)
    {
        var actor = CurrentActor();
        if (afterEventNumber < 0) throw new HubException(Say.Text("Hub.AfterEventNumber"));
        if (await queries.GetArticleAsync(articleId, Context.ConnectionAborted) is null)
            throw new HubException(Say.Text("Hub.NoArticle", articleId));
        // Join the group before reading the log: an Event stored in between arrives twice (clients drop
        // numbers they have) rather than not at all.
        try
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, Group(articleId));
            await Groups.AddToGroupAsync(Context.ConnectionId, actor.IsEditor ? EditorsGroup(articleId) : PersonalGroup(articleId, actor.UserId));
        }
        catch (Exception ex) when (BackplaneTolerantLifetimeManager<ReviewHub>.IsBackplaneDown(ex))
        {
            // Redis is reconnecting: a clear, retryable answer on a connection that stays open, never a 500.
            LogJoinDeferred(logger, actor.UserId, articleId, ex.Message);
            throw new HubException(Say.Text("Hub.JoinRetry"));
        }
        await presence.JoinAsync(articleId, Context.ConnectionId, actor);
        LogJoined(logger, actor.UserId, articleId, afterEventNumber);
        return await queries.GetEventsAsync(articleId, afterEventNumber, MaxCatchUp, actor, Context.ConnectionAborted);
    }

    public async Task LeaveArticle(int articleId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(articleId));
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, EditorsGroup(articleId));
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, PersonalGroup(articleId, CurrentActor().UserId));
        await presence.LeaveAsync(articleId, Context.ConnectionId);
    }

    /// <summary>Announces which claim this client has open (null: none).</summary>
    public Task Focus(int articleId, int? claimId) => presence.FocusAsync(articleId, Context.ConnectionId, claimId);

    /// <summary>Announces that this client is typing in a field of a claim; it expires after a few seconds.</summary>
    public Task Typing(int articleId, int claimId, string? field)
    {
        // Relayed to everyone on the article: a field is a short name ("conclusion", "note"), never a payload.
        if (field is not null && (field.Length > MaxTypingField || !field.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new HubException(Say.Text("Hub.TypingField", MaxTypingField));
        return presence.TypingAsync(articleId, Context.ConnectionId, claimId, field);
    }


    /// <summary>Longest field name <see cref="Typing"/> relays.</summary>
    public const int MaxTypingField = 40;

    /// <summary>Same payload as PATCH /api/claims/{id}: <c>version</c> plus any of state, verdict, conclusion, assigneeId, claimant.</summary>
    public async Task<WriteResult<ClaimDto>> UpdateClaim(int claimId, JsonElement patch)
    {
        if (!ClaimPatchParser.TryParse(patch, out var parsed, out var error)) return WriteResult<ClaimDto>.Invalid(error);
        return await review.UpdateClaimAsync(CurrentActor(), claimId, parsed, Context.ConnectionAborted);
    }

    public Task<WriteResult<ClaimDto>> AddClaim(int articleId, int start, int end) =>
        review.AddClaimAsync(CurrentActor(), articleId, start, end, Context.ConnectionAborted);

    public Task<WriteResult<ClaimDto>> DismissClaim(int claimId, int version) =>
        review.SetDismissedAsync(CurrentActor(), claimId, version, true, Context.ConnectionAborted);

    public Task<WriteResult<ClaimDto>> RestoreClaim(int claimId, int version) =>
        review.SetDismissedAsync(CurrentActor(), claimId, version, false, Context.ConnectionAborted);

    public Task<WriteResult<ClaimDto>> SplitClaim(int claimId, int version, int at) =>
        review.SplitClaimAsync(CurrentActor(), claimId, version, at, Context.ConnectionAborted);

    public Task<WriteResult<ClaimDto>> MergeClaims(int firstId, int firstVersion, int secondId, int secondVersion) =>
        review.MergeClaimsAsync(CurrentActor(), firstId, firstVersion, secondId, secondVersion, Context.ConnectionAborted);

    public Task<WriteResult<EvidenceDto>> AddEvidence(int claimId, EvidenceInput evidence) =>
        evidence is null
            ? Task.FromResult(WriteResult<EvidenceDto>.Invalid(Say.Text("Api.SendEvidence")))
            : review.AddEvidenceAsync(CurrentActor(), claimId, evidence, Context.ConnectionAborted);

    /// <summary>A session participant's proposed verdict and conclusion for a claim (private in a blind first pass).</summary>
    public Task<WriteResult<Features.Sessions.ProposalDto>> Propose(int sessionId, int claimId, string? verdict, string? conclusion) =>
        sessions.ProposeAsync(CurrentActor(), sessionId, claimId, verdict, conclusion, Context.ConnectionAborted);

    public Task<WriteResult<bool>> RemoveEvidence(int evidenceId) =>
        review.RemoveEvidenceAsync(CurrentActor(), evidenceId, Context.ConnectionAborted);

    public Task<WriteResult<NoteDto>> AddNote(int claimId, string body, int? parentId) =>
        review.AddNoteAsync(CurrentActor(), claimId, body ?? "", parentId, Context.ConnectionAborted);

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await presence.LeaveAllAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>The caller as <see cref="HubCallerGuard"/> last checked them (their current role), else as they connected.</summary>
    private Actor CurrentActor() =>
        (Context.Items.TryGetValue(HubCallerGuard.ActorKey, out var checkedActor) && checkedActor is Actor current ? current
            : Actor.From(Context.User) ?? throw new HubException(Say.Text("Hub.SignIn"))) with { Origin = Context.ConnectionId };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{UserId} could not join article {ArticleId} while the backplane reconnects: {Reason}; told to try again")]
    private static partial void LogJoinDeferred(ILogger logger, string userId, int articleId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{UserId} joined article {ArticleId} after Event {After}")]
    private static partial void LogJoined(ILogger logger, string userId, int articleId, int after);
}
