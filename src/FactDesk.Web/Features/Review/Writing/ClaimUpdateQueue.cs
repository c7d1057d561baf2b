using System.Collections.Concurrent;
using System.Text.Json;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using FactDesk.Web.Localization;
using FactDesk.Web.Features.Review.Reading;

namespace FactDesk.Web.Features.Review.Writing;

/// <summary>
/// Group commit for the hottest write: changes to claims' state, verdict, conclusion, claimant and assignee. Each
/// article has one queue; whatever is waiting when the writer comes round is applied in arrival order, stored with its
/// Events in one transaction, and published as one ordered hand-over. Under load a transaction carries many changes,
/// so the database's one-writer-at-a-time limit stops being the ceiling; alone, a change is written at once.
/// Every change is still checked on its own, by the journal's rules (<see cref="ReviewRules"/>): version, lock, blind
/// pass, values — a refused change refuses only itself. This is the field-edit strategy of <see cref="ArticleJournal"/>,
/// which is the only caller.
/// </summary>
public sealed partial class ClaimUpdateQueue(
    IDbContextFactory<FactDeskDbContext> dbFactory,
    VerdictScale verdicts,
    IReviewEventBus bus,
    ArticleWriteGate gate,
    TimeProvider clock,
    ILogger<ClaimUpdateQueue> logger)
{
    private const int MaxBatch = 256;
    private const int MaxAttempts = 3;
    private readonly ConcurrentDictionary<int, ArticleQueue> _queues = new();

    /// <summary>
    /// Queues a change and answers once it is stored or refused. When nobody is writing the article's changes, the
    /// caller writes what is waiting itself, its own change among it, instead of handing over to a writer thread and
    /// back; whatever arrives meanwhile goes to a background writer, so no caller writes more than one batch.
    /// Callers on a synchronization context (a page's circuit) always hand over: the write must not queue behind the
    /// page's rendering.
    /// </summary>
    public async Task<WriteResult<ClaimDto>> SubmitAsync(int articleId, Actor actor, int claimId, ClaimPatch patch, CancellationToken cancellationToken)
    {
        var pending = new Pending(actor, claimId, patch, new TaskCompletionSource<WriteResult<ClaimDto>>(TaskCreationOptions.RunContinuationsAsynchronously), CultureScope.Capture());
        var queue = _queues.GetOrAdd(articleId, static _ => new ArticleQueue());
        queue.Waiting.Enqueue(pending);
        if (queue.TryStartWriting())
        {
            if (SynchronizationContext.Current is null)
            {
                await WriteWaitingAsync(articleId, queue);
                if (!queue.Waiting.IsEmpty || !queue.StopWriting()) StartBackgroundWriter(articleId, queue);
            }
            else
            {
                StartBackgroundWriter(articleId, queue);
            }
        }
        // A caller that gives up stops waiting; the change itself is either stored whole or not at all.
        return await pending.Result.Task.WaitAsync(cancellationToken);
    }

    private void StartBackgroundWriter(int articleId, ArticleQueue queue) => _ = Task.Run(async () =>
    {
        do
        {
            while (!queue.Waiting.IsEmpty) await WriteWaitingAsync(articleId, queue);
        }
        while (!queue.StopWriting());
    });

    /// <summary>One transaction for up to <see cref="MaxBatch"/> waiting changes, in arrival order.</summary>
    private async Task WriteWaitingAsync(int articleId, ArticleQueue queue)
    {
        var batch = new List<Pending>();
        while (batch.Count < MaxBatch && queue.Waiting.TryDequeue(out var next)) batch.Add(next);
        if (batch.Count == 0) return;
        try
        {
            using var turn = await gate.EnterAsync(articleId, CancellationToken.None);
            await WriteBatchAsync(articleId, batch);
        }
        catch (Exception ex)
        {
            LogBatchFailed(logger, ex, articleId, batch.Count);
            foreach (var p in batch) p.Result.TrySetException(ex);
        }
    }

    /// <summary>An article's waiting changes and whether someone is writing them (only one writer at a time).</summary>
    private sealed class ArticleQueue
    {
        private int _writing;

        public ConcurrentQueue<Pending> Waiting { get; } = new();

        public bool TryStartWriting() => Interlocked.CompareExchange(ref _writing, 1, 0) == 0;

        /// <summary>
        /// Stops being the writer. False if a change arrived just as the writer stopped and this caller is the writer
        /// again (whoever queued it saw a writer at work and left it to it).
        /// </summary>
        public bool StopWriting()
        {
            Volatile.Write(ref _writing, 0);
            return Waiting.IsEmpty || !TryStartWriting();
        }
    }

    private async Task WriteBatchAsync(int articleId, List<Pending> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (results, published) = await TryWriteAsync(articleId, batch);
                // Hand over as one batch in number order, each Event with its own origin (so hubs and pages skip its author).
                if (published is not null) await bus.PublishAsync(published, CancellationToken.None);
                for (var i = 0; i < batch.Count; i++) batch[i].Result.TrySetResult(results[i]);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Another instance wrote to this article between our read and our commit: read again and redo.
                LogRetry(logger, articleId, attempt);
            }
        }
    }

    /// <summary>
    /// One transaction for the whole batch: read the article's counter (with the blind-pass flag) and the batch's claims
    /// (with their counts and assignees' names), plus the new assignees' roles when a change assigns; apply each change
    /// on its own; write the changed claims, the Events and the counter (<see cref="ClaimBatchStatements"/>); commit.
    /// The replies are built from the claims as stored, not read back.
    /// </summary>
    private async Task<(WriteResult<ClaimDto>[] Results, ReviewEventBatch? Published)> TryWriteAsync(int articleId, List<Pending> batch)
    {
        var results = new WriteResult<ClaimDto>?[batch.Count];
        await using var db = await dbFactory.CreateDbContextAsync();
        // The group commit is the journal's strategy for field edits: its context may write the article's rows.
        using var scope = ArticleWriteScope.Open(db);
        var statements = ClaimBatchStatements.For(db);
        await using var tx = await db.Database.BeginTransactionAsync();
        await ReviewEvents.LockArticleAsync(db, articleId, CancellationToken.None);
        // In a blind first pass Reviewers propose in the session; the claim's own verdict and conclusion stay the Editors'.
        var row = await statements.ReadArticleAsync(db, articleId);
        if (row is null)
        {
            return (batch.Select(p =>
            {
                p.Culture.Apply();
                return WriteResult<ClaimDto>.NotFound(Say.Text("Article.Missing", articleId));
            }).ToArray(), null);
        }
        var article = new Article { Id = row.Id, LastEventNumber = row.LastEventNumber };

        var ids = batch.Select(p => p.ClaimId).Distinct().ToList();
        // Nothing else writes to this article until commit (its write gate here, its row lock on PostgreSQL), so the
        // counts stay true; each claim's version is checked again by the UPDATE all the same.
        var loaded = await statements.ReadClaimsAsync(db, articleId, ids);
        var wanted = batch.Select(p => p.Patch.AssigneeId?.Value).Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToList();
        var assignable = wanted.Count == 0 ? [] : await db.UserRoles.Where(r => wanted.Contains(r.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(x => x.Name == Roles.Editor || x.Name == Roles.Reviewer)
            .Join(db.Users, x => x.UserId, u => u.Id, (x, u) => new { u.Id, u.DisplayName })
            .Distinct()
            .ToDictionaryAsync(u => u.Id, u => (string?)u.DisplayName);
        var names = loaded.Values.Where(x => x.Claim.AssigneeId is not null)
            .DistinctBy(x => x.Claim.AssigneeId)
            .ToDictionary(x => x.Claim.AssigneeId!, x => x.AssigneeName);
        foreach (var (id, name) in assignable) names[id] = name;

        // Timestamps as the database keeps them, so a reply equals a later read.
        var now = StoredTime.Now(clock);
        var events = new List<(ReviewEvent Event, string? Origin)>();
        var stale = new HashSet<int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var (actor, claimId, patch, _, culture) = batch[i];
            // each refusal in its caller's language (this method's async flow only)
            culture.Apply();
            if (!loaded.TryGetValue(claimId, out var found))
            {
                results[i] = WriteResult<ClaimDto>.NotFound(Say.Text("Claim.GoneMerged", claimId));
                continue;
            }
            var claim = found.Claim;
            // The journal's rules, as every other write path asks them; a stale version answers with the claim as
            // it stands after the whole batch.
            if (ReviewRules.CheckClaim(actor, claim, patch.Version, ClaimTouch.Fields, row.Blind) is { } refused)
            {
                if (refused.Status == WriteStatus.Conflict) stale.Add(i);
                else results[i] = refused.As<ClaimDto>();
                continue;
            }
            var error = ClaimPatching.Apply(claim, patch, verdicts, assignable.ContainsKey, out var before, out var after);
            if (error is not null)
            {
                results[i] = WriteResult<ClaimDto>.Invalid(error);
                continue;
            }
            if (after.Count == 0) continue;
            claim.Touch(actor.UserId, now);
            events.Add((ReviewRules.Sealed(ReviewEvents.Next(article, actor, EventKinds.ClaimUpdated, claimId, before, after, now), row.Blind), actor.Origin));
        }
        if (events.Count > 0)
        {
            var changed = loaded.Values.Where(x => x.Claim.Version != x.ReadVersion).Select(x => (x.Claim, x.ReadVersion)).ToList();
            await statements.WriteAsync(db, changed, events.Select(e => e.Event).ToList(), articleId, row.LastEventNumber, article.LastEventNumber);
        }
        await tx.CommitAsync();

        // The answers are the claims as committed: each one's final state after the whole batch.
        var current = loaded.Values.ToDictionary(x => x.Claim.Id, x => ClaimProjections.ToDto(x.Claim,
            x.Claim.AssigneeId is { } a ? names.GetValueOrDefault(a) : null, x.EvidenceCount, x.NoteCount));
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] is not null) continue;
            batch[i].Culture.Apply();
            var dto = current[batch[i].ClaimId];
            results[i] = stale.Contains(i)
                ? WriteResult<ClaimDto>.Conflict(dto, ReviewRules.StaleMessage(dto.Version))
                : WriteResult<ClaimDto>.Success(dto);
        }
        var published = events.Count == 0 ? null : ReviewEventBatch.Of(articleId, events.Select(e => (ArticleJournal.ToDto(e.Event), e.Origin)).ToList());
        return (results.Select(r => r!).ToArray(), published);
    }

    /// <param name="Culture">The caller's language: a batch holds several callers' changes, and each one's answer is worded in its own.</param>
    private sealed record Pending(Actor Actor, int ClaimId, ClaimPatch Patch, TaskCompletionSource<WriteResult<ClaimDto>> Result, CultureScope Culture);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} claim changes on article {ArticleId} failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception ex, int articleId, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Claim changes on article {ArticleId} met a concurrent write; attempt {Attempt}")]
    private static partial void LogRetry(ILogger logger, int articleId, int attempt);
}
