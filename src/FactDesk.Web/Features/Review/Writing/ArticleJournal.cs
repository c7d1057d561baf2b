using System.Text.Json;
using FactDesk.Web.Data;
using FactDesk.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using FactDesk.Web.Localization;
using FactDesk.Web.Features.Review.Reading;

namespace FactDesk.Web.Features.Review.Writing;

/// <summary>
/// The one write path of an article (DESIGN.md §2). Every change — claim fields, claims by hand, dismiss/split/merge,
/// evidence, notes, proposals and votes, sign-off and corrections, revisions, annotation import and article import —
/// is a unit of work here: the right is checked before anything is read; the unit begins in the article's turn
/// (<see cref="ArticleWriteGate"/>) inside one transaction that locks the article's row; the change reads and edits
/// through <see cref="JournalEntry"/>, which checks the lock after sign-off, the blind pass and versions
/// (<see cref="ReviewRules"/>) and numbers its Events gaplessly from the article's counter; the change, its Events and
/// the counter commit together; only then are the Events published. Nothing is broadcast that was not stored.
/// Field edits, the hottest write, go through the group commit (<see cref="ClaimUpdateQueue"/>): another strategy for
/// the same unit of work, with the same rules and numbering.
/// </summary>
public sealed partial class ArticleJournal(
    IDbContextFactory<FactDeskDbContext> dbFactory,
    IReviewEventBus bus,
    ArticleWriteGate gate,
    ClaimUpdateQueue fieldEdits,
    TimeProvider clock,
    ILogger<ArticleJournal> logger)
{
    private const int MaxAttempts = 5;

    /// <summary>Changes a claim's state, verdict, conclusion, claimant or assignee, by group commit.</summary>
    public async Task<WriteResult<ClaimDto>> UpdateClaimAsync(Actor actor, int claimId, ClaimPatch patch, CancellationToken cancellationToken)
    {
        if (ReviewRules.CheckRight(actor, JournalRight.Annotate) is { } refused) return refused.As<ClaimDto>();
        if (patch.IsEmpty) return WriteResult<ClaimDto>.Invalid(ReviewRules.EmptyPatchMessage);
        var articleId = await ArticleOfClaimAsync(claimId, cancellationToken);
        if (articleId is null) return WriteResult<ClaimDto>.NotFound(Say.Text("Claim.Missing", claimId));
        return await fieldEdits.SubmitAsync(articleId.Value, actor, claimId, patch, cancellationToken);
    }

    /// <summary>The article a claim belongs to (which never changes), remembered across writes.</summary>
    public async Task<int?> ArticleOfClaimAsync(int claimId, CancellationToken cancellationToken)
    {
        if (gate.TryGetArticleOfClaim(claimId, out var known)) return known;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var articleId = await db.Claims.Where(c => c.Id == claimId).Select(c => (int?)c.ArticleId).FirstOrDefaultAsync(cancellationToken);
        if (articleId is { } found) gate.RememberArticleOfClaim(claimId, found);
        return articleId;
    }

    /// <summary>
    /// One unit of work on an existing article. <paramref name="change"/> reads and edits through the entry and answers;
    /// a refusal (any status but Ok) stores nothing. An Ok answer with no Event recorded stores nothing either (nothing
    /// changed), unless a row was kept alongside it (<see cref="JournalEntry.KeepAlongside"/>). A lost race on the Event counter (another instance) runs the change again.
    /// </summary>
    public async Task<WriteResult<T>> WriteAsync<T>(Actor actor, int articleId, JournalRight right,
        Func<JournalEntry, CancellationToken, Task<WriteResult<T>>> change, CancellationToken cancellationToken, string? correction = null)
    {
        if (ReviewRules.CheckRight(actor, right) is { } refused) return refused.As<T>();
        // Without turns, two writers that commit #4 and #5 can publish #5 first.
        using var turn = await gate.EnterAsync(articleId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            using var scope = ArticleWriteScope.Open(db);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await ReviewEvents.LockArticleAsync(db, articleId, cancellationToken);
            // Only the counter is needed on every write; the body (often 100 KB) is read only by the changes that need it.
            var row = await db.Articles.AsNoTracking().Where(a => a.Id == articleId)
                .Select(a => new
                {
                    a.Id, a.LastEventNumber, a.CreatedAt,
                    Blind = db.Sessions.Where(ReviewSession.OpenBlindPass).Any(s => s.ArticleId == a.Id),
                })
                .FirstOrDefaultAsync(cancellationToken);
            if (row is null) return WriteResult<T>.NotFound(Say.Text("Article.Missing", articleId));
            var article = new Article { Id = row.Id, LastEventNumber = row.LastEventNumber, CreatedAt = row.CreatedAt };
            db.Articles.Attach(article);
            var entry = new JournalEntry(db, article, actor, clock.GetUtcNow(), row.Blind, correction);
            WriteResult<T> result;
            try
            {
                result = await change(entry, cancellationToken);
                if (!result.Ok || !entry.HasChanges) return result;
                await entry.SaveAsync(cancellationToken);
                await tx.CommitAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException ex) when (ex.Entries.All(e => e.Entity is Article) && attempt < MaxAttempts)
            {
                LogEventNumberRace(logger, articleId, attempt);
                continue;
            }
            catch (DbUpdateConcurrencyException ex) when (ex.Entries.FirstOrDefault(e => e.Entity is Claim)?.Entity is Claim stale)
            {
                await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
                var current = await fresh.Claims.AsNoTracking().Where(c => c.Id == stale.Id).ToDto().FirstOrDefaultAsync(cancellationToken);
                return current is null
                    ? WriteResult<T>.NotFound(Say.Text("Claim.GoneMergedPlain"))
                    : WriteResult<T>.Conflict(current, ReviewRules.RaceMessage(current.Version));
            }
            await PublishAsync(articleId, entry, actor);
            return result;
        }
    }

    /// <summary>
    /// The unit of work that creates an article: <paramref name="article"/> is stored first (so it has an id), then
    /// <paramref name="change"/> adds what belongs to it and records its first Event.
    /// </summary>
    public async Task<WriteResult<T>> CreateArticleAsync<T>(Actor actor, Article article,
        Func<JournalEntry, CancellationToken, Task<WriteResult<T>>> change, CancellationToken cancellationToken)
    {
        if (ReviewRules.CheckRight(actor, JournalRight.ImportArticle) is { } refused) return refused.As<T>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using var scope = ArticleWriteScope.Open(db);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Articles.Add(article);
        await db.SaveChangesAsync(cancellationToken);
        // A new article has no other writer yet; its turn only keeps its first publish in line with later ones.
        using var turn = await gate.EnterAsync(article.Id, cancellationToken);
        var entry = new JournalEntry(db, article, actor, clock.GetUtcNow(), blindPass: false, correction: null);
        var result = await change(entry, cancellationToken);
        if (!result.Ok) return result;
        await entry.SaveAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        await PublishAsync(article.Id, entry, actor);
        return result;
    }

    private async Task PublishAsync(int articleId, JournalEntry entry, Actor actor)
    {
        if (entry.Events.Count == 0) return;
        LogCommitted(logger, articleId, entry.Events[0].Number, entry.Events.Count, entry.Events[0].Kind, actor.UserId);
        try
        {
            await bus.PublishAsync(new ReviewEventBatch(articleId, entry.Events.Select(ToDto).ToArray(), actor.Origin), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The change is stored; readers catch up from the Event log even if live delivery failed.
            LogPublishFailed(logger, ex, articleId);
        }
    }

    internal static ReviewEventDto ToDto(ReviewEvent e) => EventProjections.ToDto(e);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event number race on article {ArticleId}, attempt {Attempt}; retrying")]
    private static partial void LogEventNumberRace(ILogger logger, int articleId, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Article {ArticleId}: Events {First}+{Count} ({Kind}) by {UserId} committed")]
    private static partial void LogCommitted(ILogger logger, int articleId, int first, int count, string kind, string userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stored Events of article {ArticleId} could not be published live")]
    private static partial void LogPublishFailed(ILogger logger, Exception ex, int articleId);
}

/// <summary>
/// One unit of work in progress: the article (its counter), the actor, whether a blind pass is open, the context to
/// read and edit with. Events recorded here are numbered at once and stored with the change.
/// </summary>
public sealed class JournalEntry
{
    private readonly List<ReviewEvent> _events = [];
    private readonly List<object> _alongside = [];
    private int _saved;
    private string? _body;

    internal JournalEntry(FactDeskDbContext db, Article article, Actor actor, DateTimeOffset now, bool blindPass, string? correction)
    {
        Db = db;
        Article = article;
        Actor = actor;
        // as stored, so that what is sent live equals what a later read gives
        Now = StoredTime.Of(now);
        BlindPass = blindPass;
        Correction = correction;
    }

    public FactDeskDbContext Db { get; }
    public Article Article { get; }
    public Actor Actor { get; }
    public DateTimeOffset Now { get; }

    /// <summary>An open, unrevealed blind first pass on the article, as of this unit's start, until the unit reveals it (<see cref="EndBlindPass"/>).</summary>
    public bool BlindPass { get; private set; }

    /// <summary>The reveal, inside this unit: what it records from now on is recorded after the pass.</summary>
    public void EndBlindPass() => BlindPass = false;

    /// <summary>The correction note given with this change: with it, an Editor may change signed-off claims (each logged).</summary>
    public string? Correction { get; }

    public IReadOnlyList<ReviewEvent> Events => _events;

    /// <summary>Anything to store: an Event, or a row kept alongside the change (<see cref="KeepAlongside"/>).</summary>
    public bool HasChanges => _events.Count > 0 || _alongside.Count > 0;

    /// <summary>
    /// A row that records who did what (a reviewer's label on a match) and belongs with this change: stored in the same
    /// transaction, so a refused or failed change leaves none and a committed one always has it. It is kept even when
    /// the change itself turned out to change nothing (a "same claim" on a claim that already has that verdict).
    /// </summary>
    public void KeepAlongside(object row)
    {
        Db.Add(row);
        _alongside.Add(row);
    }

    /// <summary>Who alone (with the Editors) may see what this actor records now (<see cref="ReviewRules.PrivateTo"/>).</summary>
    public string? PrivateTo => ReviewRules.PrivateTo(Actor, BlindPass);

    /// <summary>The article's text, read once per unit and only when a change needs it.</summary>
    public async Task<string> BodyAsync(CancellationToken ct) =>
        _body ??= Article.Body.Length > 0 ? Article.Body
            : await Db.Articles.AsNoTracking().Where(a => a.Id == Article.Id).Select(a => a.Body).SingleAsync(ct);

    /// <summary>The rules for changing <paramref name="claim"/> (<see cref="ReviewRules.CheckClaim"/>), with this unit's blind pass and correction.</summary>
    public Refusal? Check(Claim claim, int? version, ClaimTouch touch) =>
        ReviewRules.CheckClaim(Actor, claim, version, touch, BlindPass, Correction is not null);

    /// <summary>Records an Event, numbered from the article's counter. <paramref name="visibleTo"/>: private to one person (and Editors).</summary>
    public ReviewEvent Record(string kind, int? claimId, object? before, object? after, string? visibleTo = null)
    {
        var e = ReviewRules.Sealed(ReviewEvents.Next(Article, Actor, kind, claimId, before, after, Now, visibleTo), BlindPass);
        _events.Add(e);
        return e;
    }

    /// <summary>
    /// A change to a signed-off claim: needs an Editor and the unit's correction note; goes into the corrections log.
    /// The caller records the change's own Event.
    /// </summary>
    public Correction? LogCorrection(Claim claim, string what)
    {
        if (!claim.Locked) return null;
        if (Correction is null || !Actor.IsEditor) throw new InvalidOperationException("A signed-off claim changed without an Editor's correction note; ReviewRules.CheckClaim must refuse this first.");
        var correction = new Correction { ArticleId = Article.Id, ClaimId = claim.Id, At = Now, AuthorId = Actor.UserId, AuthorName = Actor.Name, What = what, Why = Correction };
        Db.Corrections.Add(correction);
        return correction;
    }

    /// <summary>Stores the change and the Events recorded so far (inside the unit's transaction), e.g. to read back what was stored.</summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        for (; _saved < _events.Count; _saved++) Db.Events.Add(_events[_saved]);
        await Db.SaveChangesAsync(ct);
    }
}
