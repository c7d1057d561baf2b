using System.Text.Json;
using FactDesk.Core.Anchoring;
using FactDesk.Core.Claims;
using FactDesk.Core.Hygiene;
using FactDesk.Core.Text;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using FactDesk.Web.Localization;
using FactDesk.Web.Features.Review.Reading;

namespace FactDesk.Web.Features.Review.Writing;

/// <summary>
/// The annotation operations pages, the hub and the HTTP API call: each validates its input and runs as one unit of
/// work on the <see cref="ArticleJournal"/>, which checks rights, the lock, the blind pass and versions, numbers the
/// Events, commits and then publishes.
/// </summary>
public sealed partial class ReviewService(
    IDbContextFactory<FactDeskDbContext> dbFactory,
    ArticleJournal journal,
    ClaimSpotter spotter,
    TimeProvider clock,
    ILogger<ReviewService> logger,
    Microsoft.Extensions.Options.IOptions<FactDeskOptions>? options = null)
{
    private readonly int _maxClaims = options?.Value.Claims.MaxPerArticle ?? new ClaimOptions().MaxPerArticle;

    public const int MaxConclusionLength = ClaimPatching.MaxConclusionLength;
    public const int MaxNoteLength = 4000;
    public const int MaxExcerptLength = 4000;

    /// <summary>Changes a claim's state, verdict, conclusion, claimant or assignee; stored by group commit (<see cref="ClaimUpdateQueue"/>).</summary>
    public Task<WriteResult<ClaimDto>> UpdateClaimAsync(Actor actor, int claimId, ClaimPatch patch, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => UpdateClaimCoreAsync(actor, claimId, patch, cancellationToken));

    private Task<WriteResult<ClaimDto>> UpdateClaimCoreAsync(Actor actor, int claimId, ClaimPatch patch, CancellationToken cancellationToken) =>
        journal.UpdateClaimAsync(actor, claimId, patch, cancellationToken);

    public Task<WriteResult<ClaimDto>> SetDismissedAsync(Actor actor, int claimId, int version, bool dismissed, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => WriteClaimAsync(actor, claimId, version, ClaimTouch.Structure, (ctx, claim, ct) =>
        {
            if (claim.Dismissed == dismissed) return Task.FromResult<WriteResult<ClaimDto>?>(null);
            claim.Dismissed = dismissed;
            Touch(claim, actor);
            ctx.Record(dismissed ? EventKinds.ClaimDismissed : EventKinds.ClaimRestored, claim.Id,
                new { dismissed = !dismissed }, new { dismissed });
            return Task.FromResult<WriteResult<ClaimDto>?>(null);
        }, cancellationToken));

    /// <summary>Adds a claim over any span of the article text (a reviewer's selection).</summary>
    public Task<WriteResult<ClaimDto>> AddClaimAsync(Actor actor, int articleId, int start, int end, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => AddClaimCoreAsync(actor, articleId, start, end, cancellationToken));

    private async Task<WriteResult<ClaimDto>> AddClaimCoreAsync(Actor actor, int articleId, int start, int end, CancellationToken cancellationToken)
    {
        if (!actor.CanAnnotate) return WriteResult<ClaimDto>.Forbidden(ViewerMessage(actor));
        var result = await WriteArticleAsync(actor, articleId, async (ctx, ct) =>
        {
            var body = await ctx.BodyAsync(ct);
            if (start < 0 || end > body.Length || start >= end)
                return WriteResult<ClaimDto>.Invalid(Say.Text("Claim.SpanOutside", start, end, body.Length));
            // A selection that ends inside an emoji would store half a character ("�" in every export): widen it to whole ones.
            var span = Trim(body, TextHygiene.SnapToCodePoints(body, new TextSpan(start, end)));
            if (span.Length == 0) return WriteResult<ClaimDto>.Invalid(Say.Text("Claim.OnlySpaces"));
            var duplicate = await ctx.Db.Claims.AnyAsync(c => c.ArticleId == articleId && !c.Dismissed && c.Start == span.Start && c.End == span.End, ct);
            if (duplicate) return WriteResult<ClaimDto>.Invalid(Say.Text("Claim.AlreadyClaim"));
            if (await ClaimCapReachedAsync(ctx.Db, articleId, 1, ct) is { } full) return WriteResult<ClaimDto>.Invalid(full);

            var claim = NewClaim(ctx.Article, body, span, spotter.ScoreSpan(body, span), ClaimOrigin.Manual, actor);
            ctx.Db.Claims.Add(claim);
            await ctx.Db.SaveChangesAsync(ct);
            ctx.Record(EventKinds.ClaimAdded, claim.Id, null, new { start = claim.Start, end = claim.End, text = claim.Exact, origin = "manual" });
            ctx.ResultClaimId = claim.Id;
            return null;
        }, cancellationToken);
        return result;
    }

    /// <summary>Merges two adjacent claims into the first; the second's evidence and notes move over.</summary>
    public Task<WriteResult<ClaimDto>> MergeClaimsAsync(Actor actor, int firstId, int firstVersion, int secondId, int secondVersion, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => MergeClaimsCoreAsync(actor, firstId, firstVersion, secondId, secondVersion, cancellationToken));

    private async Task<WriteResult<ClaimDto>> MergeClaimsCoreAsync(Actor actor, int firstId, int firstVersion, int secondId, int secondVersion, CancellationToken cancellationToken)
    {
        if (!actor.CanAnnotate) return WriteResult<ClaimDto>.Forbidden(ViewerMessage(actor));
        if (firstId == secondId) return WriteResult<ClaimDto>.Invalid(Say.Text("Merge.Self"));
        var articleId = await ArticleOfClaimAsync(firstId, cancellationToken);
        if (articleId is null) return WriteResult<ClaimDto>.NotFound(Say.Text("Claim.Missing", firstId));
        return await WriteArticleAsync(actor, articleId.Value, async (ctx, ct) =>
        {
            var pair = await ctx.Db.Claims.Where(c => c.Id == firstId || c.Id == secondId).ToListAsync(ct);
            var a = pair.FirstOrDefault(c => c.Id == firstId);
            var b = pair.FirstOrDefault(c => c.Id == secondId);
            if (a is null || b is null || b.ArticleId != a.ArticleId) return WriteResult<ClaimDto>.NotFound(Say.Text("Merge.SameArticle"));
            if (ctx.Entry.Check(a, firstVersion, ClaimTouch.Structure) is { } refusedA) return refusedA.As<ClaimDto>(await ReadClaimAsync(ctx.Db, a.Id, ct));
            if (ctx.Entry.Check(b, secondVersion, ClaimTouch.Structure) is { } refusedB) return refusedB.As<ClaimDto>(await ReadClaimAsync(ctx.Db, b.Id, ct));
            if (a.Dismissed || b.Dismissed) return WriteResult<ClaimDto>.Invalid(Say.Text("Merge.Dismissed"));
            var (left, right) = a.Start <= b.Start ? (a, b) : (b, a);
            var between = await ctx.Db.Claims.AnyAsync(c => c.ArticleId == a.ArticleId && !c.Dismissed && c.Id != a.Id && c.Id != b.Id
                && c.Start >= left.End && c.End <= right.Start, ct);
            if (between || right.Start < left.Start) return WriteResult<ClaimDto>.Invalid(Say.Text("Merge.Neighbours"));

            var before = new { first = Snapshot(a), second = Snapshot(b) };
            var span = new TextSpan(left.Start, Math.Max(left.End, right.End));
            SetSpan(a, await ctx.BodyAsync(ct), span);
            a.Score = Math.Max(a.Score, b.Score);
            a.Origin = ClaimOrigin.Manual;
            await ctx.Db.Evidence.Where(e => e.ClaimId == b.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimId, a.Id), ct);
            await ctx.Db.Notes.Where(n => n.ClaimId == b.Id).ExecuteUpdateAsync(s => s.SetProperty(n => n.ClaimId, a.Id), ct);
            await ctx.Db.Events.Where(e => e.ClaimId == b.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimId, a.Id), ct);
            ctx.Db.Claims.Remove(b);
            Touch(a, actor);
            ctx.Record(EventKinds.ClaimMerged, a.Id, before, new { claim = Snapshot(a), removedClaimId = b.Id });
            ctx.ResultClaimId = a.Id;
            return null;
        }, cancellationToken);
    }

    /// <summary>Attaches a claim to a new span: an orphan after a revision, or a claim whose boundaries were wrong.</summary>
    public Task<WriteResult<ClaimDto>> ReattachClaimAsync(Actor actor, int claimId, int version, int start, int end, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => WriteClaimAsync(actor, claimId, version, ClaimTouch.Structure, async (ctx, claim, ct) =>
        {
            var body = await ctx.BodyAsync(ct);
            if (start < 0 || end > body.Length || start >= end)
                return WriteResult<ClaimDto>.Invalid(Say.Text("Claim.SpanOutside", start, end, body.Length));
            var span = Trim(body, TextHygiene.SnapToCodePoints(body, new TextSpan(start, end)));
            if (span.Length == 0) return WriteResult<ClaimDto>.Invalid(Say.Text("Claim.OnlySpaces"));
            var before = new { start = claim.Start, end = claim.End, text = claim.Exact, orphaned = claim.Orphaned };
            SetSpan(claim, body, span);
            claim.Orphaned = false;
            Touch(claim, actor);
            ctx.Record(EventKinds.ClaimReattached, claim.Id, before, new { start = claim.Start, end = claim.End, text = claim.Exact, orphaned = false });
            return null;
        }, cancellationToken));

    /// <summary>Splits a claim in two at an offset of the article text; the first part keeps the annotations.</summary>
    public Task<WriteResult<ClaimDto>> SplitClaimAsync(Actor actor, int claimId, int version, int at, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => SplitClaimCoreAsync(actor, claimId, version, at, cancellationToken));

    private async Task<WriteResult<ClaimDto>> SplitClaimCoreAsync(Actor actor, int claimId, int version, int at, CancellationToken cancellationToken)
    {
        return await WriteClaimAsync(actor, claimId, version, ClaimTouch.Structure, async (ctx, claim, ct) =>
        {
            var body = await ctx.BodyAsync(ct);
            if (at <= claim.Start || at >= claim.End)
                return WriteResult<ClaimDto>.Invalid(Say.Text("Split.Edge"));
            if (TextHygiene.IsInsideCodePoint(body, at))
                return WriteResult<ClaimDto>.Invalid(Say.Text("Split.HalfCharacter"));
            if (await ClaimCapReachedAsync(ctx.Db, claim.ArticleId, 1, ct) is { } full) return WriteResult<ClaimDto>.Invalid(full);
            var first = Trim(body, new TextSpan(claim.Start, at));
            var second = Trim(body, new TextSpan(at, claim.End));
            if (first.Length == 0 || second.Length == 0) return WriteResult<ClaimDto>.Invalid(Say.Text("Split.Empty"));
            var before = Snapshot(claim);
            SetSpan(claim, body, first);
            claim.Score = spotter.ScoreSpan(body, first).Score;
            Touch(claim, actor);
            var part = NewClaim(ctx.Article, body, second, spotter.ScoreSpan(body, second), ClaimOrigin.Manual, actor);
            ctx.Db.Claims.Add(part);
            await ctx.Db.SaveChangesAsync(ct);
            ctx.Record(EventKinds.ClaimSplit, claim.Id, before, new { claim = Snapshot(claim), newClaim = Snapshot(part) });
            return null;
        }, cancellationToken);
    }

    public Task<WriteResult<EvidenceDto>> AddEvidenceAsync(Actor actor, int claimId, EvidenceInput input, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => AddEvidenceCoreAsync(actor, claimId, input, null, cancellationToken));

    /// <summary>
    /// As <see cref="AddEvidenceAsync(Actor, int, EvidenceInput, CancellationToken)"/>, with <paramref name="alongside"/>
    /// run inside the same unit of work once the evidence is in (to keep a row with it, <see cref="JournalEntry.KeepAlongside"/>).
    /// </summary>
    internal Task<WriteResult<EvidenceDto>> AddEvidenceAsync(Actor actor, int claimId, EvidenceInput input, Action<JournalEntry> alongside, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => AddEvidenceCoreAsync(actor, claimId, input, alongside, cancellationToken));

    private async Task<WriteResult<EvidenceDto>> AddEvidenceCoreAsync(Actor actor, int claimId, EvidenceInput input, Action<JournalEntry>? alongside, CancellationToken cancellationToken)
    {
        if (!actor.CanAnnotate) return WriteResult<EvidenceDto>.Forbidden(ViewerMessage(actor));
        var url = Normalize(input.Url);
        var description = Normalize(input.Description);
        var excerpt = Normalize(input.Excerpt);
        if (url is null && description is null) return WriteResult<EvidenceDto>.Invalid(Say.Text("Evidence.NeedSource"));
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            return WriteResult<EvidenceDto>.Invalid(Say.Text("Evidence.UrlScheme"));
        if (url?.Length > 2048) return WriteResult<EvidenceDto>.Invalid(Say.Text("Evidence.UrlLong"));
        if (UrlHygiene.HasCredentials(url)) return WriteResult<EvidenceDto>.Invalid(Say.CredentialsInAddress());
        if (TextHygiene.CheckAll((url, Fields.EvidenceUrl, TextKind.Line), (description, Fields.Description, TextKind.Multiline), (excerpt, Fields.Excerpt, TextKind.Multiline)) is { } unclean)
            return WriteResult<EvidenceDto>.Invalid(Say.Unclean(unclean));
        if (description?.Length > 1000) return WriteResult<EvidenceDto>.Invalid(Say.Text("Evidence.DescriptionLong"));
        if (excerpt?.Length > MaxExcerptLength) return WriteResult<EvidenceDto>.Invalid(Say.Text("Evidence.ExcerptLong", MaxExcerptLength));
        if (!Enum.IsDefined(input.Stance)) return WriteResult<EvidenceDto>.Invalid(Say.Text("Evidence.Stance"));

        var articleId = await ArticleOfClaimAsync(claimId, cancellationToken);
        if (articleId is null) return WriteResult<EvidenceDto>.NotFound(Say.Text("Claim.Missing", claimId));
        Evidence? added = null;
        var result = await WriteArticleAsync(actor, articleId.Value, async (ctx, ct) =>
        {
            if (await ctx.AttachmentRefusalAsync(claimId, ct) is { } refused) return refused;
            // Evidence a Reviewer gathers in a blind first pass stays theirs (and the Editors') until the reveal.
            added = new Evidence
            {
                ClaimId = claimId, Url = url, Description = description, Excerpt = excerpt, Stance = input.Stance,
                AccessedOn = input.AccessedOn ?? DateOnly.FromDateTime(ctx.Now.UtcDateTime), Redacted = input.Redacted,
                CreatedAt = ctx.Now, CreatedById = actor.UserId, BlindOwnerId = ctx.Entry.PrivateTo,
            };
            ctx.VisibleTo = ctx.Entry.PrivateTo;
            ctx.Db.Evidence.Add(added);
            await ctx.Db.SaveChangesAsync(ct);
            ctx.Record(EventKinds.EvidenceAdded, claimId, null, new
            {
                evidenceId = added.Id, url = added.Redacted ? null : url, description = added.Redacted ? "(redacted)" : description,
                stance = added.Stance.ToString().ToLowerInvariant(), redacted = added.Redacted,
            });
            alongside?.Invoke(ctx.Entry);
            return null;
        }, cancellationToken);
        if (!result.Ok) return new WriteResult<EvidenceDto>(result.Status, Message: result.Message, Current: result.Current);
        // Built from what was committed, not read again: a read failing now must not report a stored change as lost.
        return WriteResult<EvidenceDto>.Success(new EvidenceDto(added!.Id, claimId, added.Url, added.Description, added.Excerpt, added.Stance,
            added.AccessedOn, added.Redacted, actor.Name, added.CreatedAt));
    }

    public Task<WriteResult<bool>> RemoveEvidenceAsync(Actor actor, int evidenceId, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => RemoveEvidenceCoreAsync(actor, evidenceId, cancellationToken));

    private async Task<WriteResult<bool>> RemoveEvidenceCoreAsync(Actor actor, int evidenceId, CancellationToken cancellationToken)
    {
        if (!actor.CanAnnotate) return WriteResult<bool>.Forbidden(ViewerMessage(actor));
        await using var lookup = await dbFactory.CreateDbContextAsync(cancellationToken);
        var target = await lookup.Evidence.Where(e => e.Id == evidenceId)
            .Select(e => new { e.ClaimId, ArticleId = lookup.Claims.Where(c => c.Id == e.ClaimId).Select(c => c.ArticleId).First() })
            .FirstOrDefaultAsync(cancellationToken);
        if (target is null) return WriteResult<bool>.NotFound(Say.Text("Evidence.Gone"));
        var result = await WriteArticleAsync(actor, target.ArticleId, async (ctx, ct) =>
        {
            var evidence = await ctx.Db.Evidence.FirstOrDefaultAsync(e => e.Id == evidenceId, ct);
            if (evidence is null) return WriteResult<ClaimDto>.NotFound(Say.Text("Evidence.Gone"));
            if (!ReviewVisibility.CanSee(actor, evidence.BlindOwnerId))
                return WriteResult<ClaimDto>.NotFound(Say.Text("Evidence.Gone"));
            if (await ctx.AttachmentRefusalAsync(evidence.ClaimId, ct) is { } refused) return refused;
            ctx.VisibleTo = evidence.BlindOwnerId;
            ctx.Db.Evidence.Remove(evidence);
            ctx.Record(EventKinds.EvidenceRemoved, evidence.ClaimId,
                new { evidenceId, url = evidence.Redacted ? null : evidence.Url, description = evidence.Redacted ? "(redacted)" : evidence.Description }, null);
            return null;
        }, cancellationToken);
        return result.Ok ? WriteResult<bool>.Success(true) : new WriteResult<bool>(result.Status, Message: result.Message);
    }

    public Task<WriteResult<NoteDto>> AddNoteAsync(Actor actor, int claimId, string body, int? parentId, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => AddNoteCoreAsync(actor, claimId, body, parentId, cancellationToken));

    private async Task<WriteResult<NoteDto>> AddNoteCoreAsync(Actor actor, int claimId, string body, int? parentId, CancellationToken cancellationToken)
    {
        if (!actor.CanAnnotate) return WriteResult<NoteDto>.Forbidden(ViewerMessage(actor));
        var text = body?.Trim();
        if (string.IsNullOrEmpty(text)) return WriteResult<NoteDto>.Invalid(Say.Text("Note.Empty"));
        if (text.Length > MaxNoteLength) return WriteResult<NoteDto>.Invalid(Say.Text("Note.Long", MaxNoteLength));
        if (TextHygiene.Check(text, Fields.Note, TextKind.Multiline) is { } unclean) return WriteResult<NoteDto>.Invalid(Say.Unclean(unclean));
        var articleId = await ArticleOfClaimAsync(claimId, cancellationToken);
        if (articleId is null) return WriteResult<NoteDto>.NotFound(Say.Text("Claim.Missing", claimId));
        Note? added = null;
        var result = await WriteArticleAsync(actor, articleId.Value, async (ctx, ct) =>
        {
            if (await ctx.AttachmentRefusalAsync(claimId, ct) is { } refused) return refused;
            if (parentId is not null && !await ctx.Db.Notes.VisibleTo(actor).AnyAsync(n => n.Id == parentId && n.ClaimId == claimId, ct))
                return WriteResult<ClaimDto>.Invalid(Say.Text("Note.ParentGone"));
            // A note a Reviewer writes in a blind first pass stays theirs (and the Editors') until the reveal.
            added = new Note { ClaimId = claimId, ParentId = parentId, Body = text, AuthorId = actor.UserId, CreatedAt = ctx.Now, BlindOwnerId = ctx.Entry.PrivateTo };
            ctx.VisibleTo = ctx.Entry.PrivateTo;
            ctx.Db.Notes.Add(added);
            await ctx.Db.SaveChangesAsync(ct);
            ctx.Record(EventKinds.NoteAdded, claimId, null, new { noteId = added.Id, parentId, body = text });
            return null;
        }, cancellationToken);
        if (!result.Ok) return new WriteResult<NoteDto>(result.Status, Message: result.Message);
        return WriteResult<NoteDto>.Success(new NoteDto(added!.Id, claimId, parentId, text, actor.UserId, actor.Name, added.CreatedAt));
    }

    /// <summary>The sentence to refuse with when adding <paramref name="adding"/> claims would take the article past the cap; else null.</summary>
    private async Task<string?> ClaimCapReachedAsync(FactDeskDbContext db, int articleId, int adding, CancellationToken ct)
    {
        var count = await db.Claims.CountAsync(c => c.ArticleId == articleId, ct);
        return count + adding > _maxClaims ? ClaimCapMessage(_maxClaims) : null;
    }

    internal static string ClaimCapMessage(int max) => Say.Text(Reason.Counted("Claim.CapReached", max));

    internal static void Reanchor(Claim claim, string body, TextSpan span)
    {
        SetSpan(claim, body, span);
        claim.Orphaned = false;
    }

    internal static Claim NewClaim(Article article, TextSpan span, ScoredSentence scored, ClaimOrigin origin, Actor actor) =>
        NewClaim(article, article.Body, span, scored, origin, actor);

    internal static Claim NewClaim(Article article, string body, TextSpan span, ScoredSentence scored, ClaimOrigin origin, Actor actor)
    {
        var claim = new Claim
        {
            ArticleId = article.Id,
            Score = Math.Round(scored.Score, 3),
            Reasons = string.Join('\n', scored.Reasons),
            Type = scored.Type,
            Origin = origin,
            State = WorkflowState.Open,
            CreatedAt = article.CreatedAt,
            UpdatedAt = article.CreatedAt,
            UpdatedById = actor.UserId,
        };
        SetSpan(claim, body, span);
        return claim;
    }

    private static void SetSpan(Claim claim, string body, TextSpan span)
    {
        var quote = TextAnchoring.Describe(body, span);
        claim.Start = span.Start;
        claim.End = span.End;
        claim.Exact = quote.Exact;
        claim.Prefix = quote.Prefix;
        claim.Suffix = quote.Suffix;
    }

    private void Touch(Claim claim, Actor actor) => claim.Touch(actor.UserId, StoredTime.Now(clock));

    private static object Snapshot(Claim c) => new { id = c.Id, start = c.Start, end = c.End, text = c.Exact, version = c.Version };

    private static TextSpan Trim(string text, TextSpan span)
    {
        var s = span.Start;
        var e = span.End;
        while (s < e && char.IsWhiteSpace(text[s])) s++;
        while (e > s && char.IsWhiteSpace(text[e - 1])) e--;
        return new TextSpan(s, e);
    }

    private static string? Normalize(string? value)
    {
        var t = value?.Trim();
        return string.IsNullOrEmpty(t) ? null : t;
    }

    private static string ViewerMessage(Actor actor) => ReviewRules.ViewerMessage(actor);

    private Task<int?> ArticleOfClaimAsync(int claimId, CancellationToken ct) => journal.ArticleOfClaimAsync(claimId, ct);

    private static Task<ClaimDto> ReadClaimAsync(FactDeskDbContext db, int claimId, CancellationToken ct) =>
        db.Claims.AsNoTracking().Where(c => c.Id == claimId).ToDto().SingleAsync(ct);

    /// <summary>Runs a change to one claim: loads it, checks it against the rules, lets <paramref name="change"/> edit it, stores.</summary>
    private async Task<WriteResult<ClaimDto>> WriteClaimAsync(Actor actor, int claimId, int version, ClaimTouch touch,
        Func<WriteContext, Claim, CancellationToken, Task<WriteResult<ClaimDto>?>> change, CancellationToken cancellationToken)
    {
        if (!actor.CanAnnotate) return WriteResult<ClaimDto>.Forbidden(ViewerMessage(actor));
        var articleId = await ArticleOfClaimAsync(claimId, cancellationToken);
        if (articleId is null) return WriteResult<ClaimDto>.NotFound(Say.Text("Claim.Missing", claimId));
        return await WriteArticleAsync(actor, articleId.Value, async (ctx, ct) =>
        {
            var claim = await ctx.Db.Claims.FirstOrDefaultAsync(c => c.Id == claimId && c.ArticleId == ctx.Article.Id, ct);
            if (claim is null) return WriteResult<ClaimDto>.NotFound(Say.Text("Claim.GoneMerged", claimId));
            if (ctx.Entry.Check(claim, version, touch) is { } refused) return refused.As<ClaimDto>(await ReadClaimAsync(ctx.Db, claimId, ct));
            ctx.ResultClaimId = claimId;
            return await change(ctx, claim, ct);
        }, cancellationToken);
    }

    /// <summary>
    /// One unit of work on the journal. <paramref name="change"/> answers null to go on (or a refusal); the answer is
    /// the claim it names in <see cref="WriteContext.ResultClaimId"/>, read inside the transaction: exactly what was stored.
    /// </summary>
    private Task<WriteResult<ClaimDto>> WriteArticleAsync(Actor actor, int articleId,
        Func<WriteContext, CancellationToken, Task<WriteResult<ClaimDto>?>> change, CancellationToken cancellationToken) =>
        journal.WriteAsync(actor, articleId, JournalRight.Annotate, async (entry, ct) =>
        {
            var ctx = new WriteContext(entry);
            var refused = await change(ctx, ct);
            if (refused is not null) return refused;
            // Nothing changed: the journal stores and publishes nothing; answer with the current state.
            if (entry.HasChanges) await entry.SaveAsync(ct);
            return ctx.ResultClaimId is { } id
                ? WriteResult<ClaimDto>.Success(await ReadClaimAsync(entry.Db, id, ct))
                : WriteResult<ClaimDto>.Success(default!);
        }, cancellationToken);

    internal static ReviewEventDto ToDto(ReviewEvent e) => ArticleJournal.ToDto(e);

    /// <summary>A review change's view of its <see cref="JournalEntry"/>.</summary>
    internal sealed class WriteContext(JournalEntry entry)
    {
        public JournalEntry Entry { get; } = entry;
        public FactDeskDbContext Db => Entry.Db;
        public Article Article => Entry.Article;
        public DateTimeOffset Now => Entry.Now;
        public int? ResultClaimId { get; set; }
        /// <summary>Set for changes only their author (and Editors) may see: what a Reviewer adds in a blind pass.</summary>
        public string? VisibleTo { get; set; }

        public Task<string> BodyAsync(CancellationToken ct) => Entry.BodyAsync(ct);

        public void Record(string kind, int? claimId, object? before, object? after) => Entry.Record(kind, claimId, before, after, VisibleTo);

        /// <summary>The rules for adding to or removing from a claim's evidence and notes.</summary>
        public async Task<WriteResult<ClaimDto>?> AttachmentRefusalAsync(int claimId, CancellationToken ct)
        {
            var claim = await Db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId && c.ArticleId == Article.Id, ct);
            if (claim is null) return WriteResult<ClaimDto>.NotFound(Say.Text("Claim.GoneMerged", claimId));
            return Entry.Check(claim, null, ClaimTouch.Attachments)?.As<ClaimDto>();
        }
    }

}
