using System.Globalization;
using FactDesk.Core.Matching;
using FactDesk.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Features.FactChecks;

/// <summary>How far indexing has come, for the collections page and the API.</summary>
/// <param name="Total">Fact-checks in the database.</param>
/// <param name="Embedded">Of those, how many have their embedding computed (by whichever instance holds the lease).</param>
/// <param name="Indexed">Of those, how many this instance can search.</param>
/// <param name="DeskClaims">The desk's own rated claims this instance can search.</param>
/// <param name="DeskPending">Claims changed since this instance last looked (their verdicts not yet followed).</param>
public sealed record IndexProgress(long Total, long Embedded, long Indexed, long DeskClaims, long DeskPending = 0)
{
    /// <summary>True when every fact-check in the database, and every claim change, is searchable here.</summary>
    public bool Done => Indexed >= Total && Embedded >= Total && DeskPending == 0;

    public string Text => Done ? $"All {Total:N0} fact-checks are indexed." : $"Indexed {Indexed:N0} of {Total:N0}.";
}

/// <summary>
/// Background indexing, in two parts. One instance at a time (the holder of the <c>factcheck-embedder</c> lease row)
/// computes the embeddings of new and changed fact-checks and stores them, with an increasing stamp, in the
/// database. Every instance follows the stamps to add what is new to its own Lucene index and vector store, so search
/// works over what is indexed so far and an import returns at once. The desk's own rated claims are followed the same
/// way (by their last change) and embedded by each instance, as they are few.
/// </summary>
public sealed partial class FactCheckIndexer(
    IDbContextFactory<FactDeskDbContext> dbFactory,
    FactCheckIndex index,
    TimeProvider clock,
    ILogger<FactCheckIndexer> logger) : BackgroundService
{
    internal const string LeaseName = "factcheck-embedder";
    // Which text and tokenizer preparation the stored embeddings were computed with. When it changes (a model or
    // HybridMatcher.EmbeddingText change), the lease holder sets every fact-check back to "to embed" once, so no query
    // is ever compared with vectors of another kind for longer than re-embedding takes. Kept as a row of the lease
    // table (its holder column holds the version), which every instance already reads and which needs no migration.
    // the highest index stamp issued so far (NextStampAsync)
    internal const string StampRow = "factcheck-stamp";
    internal const string EmbeddingVersionRow = "factcheck-embedding-version", EmbeddingVersion = "minilm-l6-v2/claim/prepared-1";
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(20);
    // Fact-checks per embedding call: the model sorts a call's texts by length into runs of one length, so bigger calls
    // waste less (`embed-speed --calls`: 306–312/s in calls of 128, 370–377/s in calls of 512, on 2 cores)
    private const int EmbedBatch = 512, FollowBatch = 4000;
    private readonly string instance = Truncate($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}", 120);
    private readonly SemaphoreSlim wake = new(0);
    private long watermark = -1;
    // where the desk follower is in the claims: (UpdatedAt, Id), so claims changed at one instant are taken however many
    private DateTimeOffset deskWatermark = DateTimeOffset.UnixEpoch;
    private int deskWatermarkId;
    // the desk claims this instance has indexed, with the text indexed: most claim changes (a state, an assignee, a
    // verdict changed for another) change nothing in the index, and must not make every open page match again
    private readonly Dictionary<long, string> deskIndexed = [];
    // until the first pass over the desk's claims ends, every unrated claim is removed: the Lucene index on disk may
    // hold claims rated before a restart that this instance has not seen
    private bool deskCaughtUp;
    private DateTimeOffset lastProgress = DateTimeOffset.MinValue;
    private HashSet<int> knownCollections = [];
    private DateTimeOffset lastCommit;
    private volatile bool holdsLease;
    private bool versionChecked;
    private volatile IndexProgress progress = new(0, 0, 0, 0);
    // the next batch's embeddings, computed while the last batch is written and followed (the lease holder only)
    private Task<PendingBatch?>? ahead;

    /// <summary>Whether this instance computes the embeddings now.</summary>
    public bool HoldsLease => holdsLease;

    public IndexProgress Progress => progress;

    /// <summary>Asks the loop to look for work now (after an import).</summary>
    public void Wake()
    {
        if (wake.CurrentCount == 0) wake.Release();
    }

    /// <summary>Waits until everything in the database is searchable here, or <paramref name="timeout"/> passes.</summary>
    public async Task<IndexProgress> WaitForIndexAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + timeout;
        var current = await RefreshProgressAsync(cancellationToken);
        while (!current.Done && clock.GetUtcNow() < until)
        {
            await Task.Delay(100, cancellationToken);
            current = await RefreshProgressAsync(cancellationToken);
        }
        return current;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await StartFromDiskAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                busy |= await EmbedPendingAsync(stoppingToken);
                busy |= await FollowAsync(stoppingToken);
                busy |= await FollowDeskAsync(stoppingToken);
                await ForgetDeletedCollectionsAsync(stoppingToken);
                if (clock.GetUtcNow() - lastCommit > TimeSpan.FromSeconds(5) || !busy) Commit();
                // four counts over the tables: while busy, once a second is enough for the progress shown
                if (!busy || clock.GetUtcNow() - lastProgress >= TimeSpan.FromSeconds(1))
                {
                    await RefreshProgressAsync(stoppingToken);
                    lastProgress = clock.GetUtcNow();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
                busy = false;
            }
            if (!busy)
            {
                try { await wake.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken); }
                catch (OperationCanceledException) { break; }
            }
        }
        DropAhead();
        Commit();
        await ReleaseLeaseAsync();
    }

    // The Lucene index survives a restart (its commit remembers the stamp it reached); the vectors live in memory
    // and are read back from the database. A missing or unreadable index is rebuilt from the database.
    private async Task StartFromDiskAsync(CancellationToken ct)
    {
        var data = index.Lexical.CommitData;
        long stamp = data.TryGetValue("stamp", out var s) && long.TryParse(s, out var v) ? v : -1;
        if (stamp < 0 || index.Lexical.Count == 0) { index.Lexical.Clear(); stamp = -1; }
        long last = 0, loaded = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var rows = await db.Set<FactCheck>().AsNoTracking().Where(f => f.Id > last && f.IndexStamp > 0 && f.IndexStamp <= stamp)
                .OrderBy(f => f.Id).Select(f => new { f.Id, f.Embedding }).Take(FollowBatch).ToListAsync(ct);
            if (rows.Count == 0) break;
            foreach (var r in rows)
                if (QuantizedVector.FromBytes(r.Embedding, index.Vectors.Dimensions) is { } vec) { index.Vectors.Set(r.Id, vec); loaded++; }
            last = rows[^1].Id;
        }
        watermark = stamp < 0 ? 0 : stamp;
        index.SetCollectionDocuments(loaded);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            knownCollections = [.. await db.Set<FactCheckCollection>().Select(c => c.Id).ToListAsync(ct)];
        if (loaded > 0) LogResumed(logger, loaded, watermark);
    }

    // Reads the next fact-checks to embed after <paramref name="afterId"/> and embeds them (the model is most of
    // indexing's time); null when none is waiting.
    private async Task<PendingBatch?> ReadAndEmbedAsync(long afterId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Set<FactCheck>().AsNoTracking().Where(f => f.IndexStamp == 0 && f.Id > afterId).OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.ClaimReviewed, f.Headline }).Take(EmbedBatch).ToListAsync(ct);
        if (rows.Count == 0) return null;
        var embedded = index.Matcher.Embed(rows.Select(r => new MatchDocument(r.Id, r.ClaimReviewed, r.Headline)).ToList(), ct);
        return new PendingBatch([.. rows.Select(r => (r.Id, r.ClaimReviewed))], embedded);
    }

    private sealed record PendingBatch(IReadOnlyList<(long Id, string Text)> Rows, IReadOnlyList<EmbeddedDocument> Embedded);

    private async Task<bool> EmbedPendingAsync(CancellationToken ct)
    {
        if (!await TryLeaseAsync(ct))
        {
            DropAhead();
            return false;
        }
        if (!versionChecked) versionChecked = await CheckEmbeddingVersionAsync(ct);
        // the batch embedded while the last one was written and followed; when none was (or it found nothing past the
        // last one), read from the start: rows before it may have been set back to "to embed" since
        var started = ahead;
        ahead = null;
        var batch = (started is null ? null : await started) ?? await ReadAndEmbedAsync(0, ct);
        if (batch is null) return false;
        // the next batch goes to the model now, beside this one's write, the follow into Lucene and the progress counts
        var lastId = batch.Rows[^1].Id;
        ahead = Task.Run(() => ReadAndEmbedAsync(lastId, ct), ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var stamp = await NextStampAsync(db, ct);
        for (int i = 0; i < batch.Rows.Count; i++)
        {
            var (id, text) = batch.Rows[i];
            var bytes = batch.Embedded[i].Vector.ToBytes();
            // an import that changed the text meanwhile set the stamp back to 0 with other text: leave it for the next pass
            await db.Set<FactCheck>().Where(f => f.Id == id && f.IndexStamp == 0 && f.ClaimReviewed == text)
                .ExecuteUpdateAsync(u => u.SetProperty(f => f.Embedding, bytes).SetProperty(f => f.IndexStamp, stamp), ct);
        }
        await tx.CommitAsync(ct);
        return true;
    }

    // This instance no longer embeds (the lease went elsewhere) or stops: a batch embedded ahead is not written, and
    // its failure, if any, is observed here.
    private void DropAhead()
    {
        var dropped = ahead;
        ahead = null;
        _ = dropped?.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    // Stamps only ever grow, across restarts and lease holders: the highest one issued is kept in its own row. Taken
    // from the rows alone, a stamp could come round again once the row that held the highest was set back to "to
    // embed" (its text changed on re-import, or the model changed) and every instance that had followed it would
    // never follow the new text.
    private static async Task<long> NextStampAsync(FactDeskDbContext db, CancellationToken ct)
    {
        var issued = await db.Set<WorkLease>().Where(l => l.Name == StampRow).Select(l => l.Holder).FirstOrDefaultAsync(ct);
        var highest = await db.Set<FactCheck>().MaxAsync(f => (long?)f.IndexStamp, ct) ?? 0;
        var next = Math.Max(highest, long.TryParse(issued, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0) + 1;
        var text = next.ToString(CultureInfo.InvariantCulture);
        if (issued is null) db.Add(new WorkLease { Name = StampRow, Holder = text, ExpiresAt = new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        else await db.Set<WorkLease>().Where(l => l.Name == StampRow).ExecuteUpdateAsync(u => u.SetProperty(l => l.Holder, text), ct);
        await db.SaveChangesAsync(ct);
        return next;
    }

    private async Task<bool> CheckEmbeddingVersionAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.Set<WorkLease>().AsNoTracking().Where(l => l.Name == EmbeddingVersionRow).Select(l => l.Holder).FirstOrDefaultAsync(ct);
        if (stored == EmbeddingVersion) return true;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var reset = stored is null && !await db.Set<FactCheck>().AnyAsync(f => f.IndexStamp > 0, ct)
            ? 0
            : await db.Set<FactCheck>().Where(f => f.IndexStamp > 0).ExecuteUpdateAsync(u => u.SetProperty(f => f.IndexStamp, 0L), ct);
        if (stored is null) db.Add(new WorkLease { Name = EmbeddingVersionRow, Holder = EmbeddingVersion, ExpiresAt = new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        else await db.Set<WorkLease>().Where(l => l.Name == EmbeddingVersionRow).ExecuteUpdateAsync(u => u.SetProperty(l => l.Holder, EmbeddingVersion), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (reset > 0) LogReembedding(logger, reset, stored ?? "unknown", EmbeddingVersion);
        return true;
    }

    private async Task<bool> FollowAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Set<FactCheck>().AsNoTracking().Where(f => f.IndexStamp > watermark).OrderBy(f => f.IndexStamp)
            .Select(f => new { f.Id, f.CollectionId, f.ClaimReviewed, f.Headline, f.Embedding, f.IndexStamp }).Take(FollowBatch).ToListAsync(ct);
        if (rows.Count == 0) return false;
        // a stamp is written in one transaction: take whole stamps only, so none is half-followed. A full batch may end
        // inside a stamp: leave that stamp for the next pass; a batch of one stamp only means the stamp holds more than
        // a batch, so take all of it (the watermark moves past it below, and any row left out would never be followed)
        var lastStamp = rows[^1].IndexStamp;
        if (rows.Count == FollowBatch && rows[0].IndexStamp != lastStamp) rows = rows.Where(r => r.IndexStamp < lastStamp).ToList();
        else if (rows.Count == FollowBatch)
            rows = await db.Set<FactCheck>().AsNoTracking().Where(f => f.IndexStamp == lastStamp)
                .Select(f => new { f.Id, f.CollectionId, f.ClaimReviewed, f.Headline, f.Embedding, f.IndexStamp }).ToListAsync(ct);
        var docs = new List<EmbeddedDocument>(rows.Count);
        foreach (var r in rows)
            if (QuantizedVector.FromBytes(r.Embedding, index.Vectors.Dimensions) is { } vec)
                docs.Add(new EmbeddedDocument(new MatchDocument(r.Id, r.ClaimReviewed, r.Headline, Group(r.CollectionId)), vec));
        var before = index.Vectors.Count;
        index.Matcher.Add(docs);
        index.Lexical.Refresh();
        index.SetCollectionDocuments(index.CollectionDocuments + (index.Vectors.Count - before));
        watermark = rows[^1].IndexStamp;
        index.RaiseChanged();
        return true;
    }

    private async Task<bool> FollowDeskAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (since, sinceId) = (deskWatermark, deskWatermarkId);
        // keyset over (UpdatedAt, Id): a sign-off, an annotation import or a bulk change gives hundreds of claims one
        // instant, and a batch ending inside that instant goes on from the last claim taken, never past the rest of it
        var rows = await db.Claims.AsNoTracking().Where(c => c.UpdatedAt > since || (c.UpdatedAt == since && c.Id > sinceId))
            .OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Exact, c.Verdict, c.Dismissed, c.UpdatedAt }).Take(FollowBatch).ToListAsync(ct);
        if (rows.Count == 0)
        {
            deskCaughtUp = true;
            return false;
        }
        var rated = rows.Where(r => r.Verdict != null && !r.Dismissed
            && !(deskIndexed.TryGetValue(FactCheckIndex.DeskKey(r.Id), out var text) && text == r.Exact)).ToList();
        var gone = rows.Where(r => r.Verdict == null || r.Dismissed).Select(r => FactCheckIndex.DeskKey(r.Id))
            .Where(k => !deskCaughtUp || deskIndexed.ContainsKey(k)).ToList();
        if (gone.Count > 0)
        {
            index.Matcher.Remove(gone);
            foreach (var k in gone) deskIndexed.Remove(k);
        }
        foreach (var part in rated.Chunk(EmbedBatch))
        {
            index.Matcher.Add(index.Matcher.Embed(part.Select(r => new MatchDocument(FactCheckIndex.DeskKey(r.Id), r.Exact, null, "desk")).ToList(), ct));
            foreach (var r in part) deskIndexed[FactCheckIndex.DeskKey(r.Id)] = r.Exact;
        }
        (deskWatermark, deskWatermarkId) = (rows[^1].UpdatedAt, rows[^1].Id);
        if (rows.Count < FollowBatch) deskCaughtUp = true;
        // Changes that alter nothing here (conclusions, states, assignees: most of a live review) are not work to
        // hurry for: the loop then waits as when idle and reads what came meanwhile in one pass, instead of spinning
        // four queries at a time behind every reviewer's keystroke (at 1,000 changes/s it never rested).
        if (gone.Count == 0 && rated.Count == 0) return rows.Count == FollowBatch;
        index.Lexical.Refresh();
        index.RaiseChanged();
        return true;
    }

    private async Task ForgetDeletedCollectionsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = (await db.Set<FactCheckCollection>().Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        foreach (var id in knownCollections.Where(id => !now.Contains(id)).ToList()) Forget(id);
        knownCollections = now;
    }

    /// <summary>Drops a collection's documents from this instance's index (its rows are gone from the database).</summary>
    internal void Forget(int collectionId)
    {
        var removed = index.Matcher.RemoveGroup(Group(collectionId));
        index.Lexical.Refresh();
        index.SetCollectionDocuments(Math.Max(0, index.CollectionDocuments - removed));
        index.RaiseChanged();
    }

    internal async Task<IndexProgress> RefreshProgressAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var total = await db.Set<FactCheck>().LongCountAsync(ct);
        var pending = await db.Set<FactCheck>().LongCountAsync(f => f.IndexStamp == 0, ct);
        var behind = await db.Set<FactCheck>().LongCountAsync(f => f.IndexStamp > watermark, ct);
        var embedded = total - pending;
        var deskDocs = index.Vectors.Count - index.CollectionDocuments;
        var (since, sinceId) = (deskWatermark, deskWatermarkId);
        var deskPending = await db.Claims.LongCountAsync(c => c.UpdatedAt > since || (c.UpdatedAt == since && c.Id > sinceId), ct);
        progress = new IndexProgress(total, embedded, Math.Max(0, embedded - behind), Math.Max(0, deskDocs), deskPending);
        return progress;
    }

    private void Commit()
    {
        try
        {
            index.Lexical.Commit(new Dictionary<string, string> { ["stamp"] = Math.Max(0, watermark).ToString(System.Globalization.CultureInfo.InvariantCulture) });
            lastCommit = clock.GetUtcNow();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            LogFailed(logger, ex);
        }
    }

    // The lease is one row: taken when it is free or expired, renewed by its holder; a dead holder's lease expires.
    private async Task<bool> TryLeaseAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var taken = await db.Set<WorkLease>().Where(l => l.Name == LeaseName && (l.Holder == instance || l.ExpiresAt < now))
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Holder, instance).SetProperty(l => l.ExpiresAt, now + LeaseTime), ct);
        if (taken == 0 && !await db.Set<WorkLease>().AnyAsync(l => l.Name == LeaseName, ct))
        {
            db.Add(new WorkLease { Name = LeaseName, Holder = instance, ExpiresAt = now + LeaseTime });
            try { taken = await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) { taken = 0; } // another instance inserted it first
        }
        var holds = taken > 0;
        if (holds != holdsLease) LogLease(logger, instance, holds);
        holdsLease = holds;
        return holds;
    }

    private async Task ReleaseLeaseAsync()
    {
        if (!holdsLease) return;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await db.Set<WorkLease>().Where(l => l.Name == LeaseName && l.Holder == instance)
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.ExpiresAt, DateTimeOffset.UnixEpoch));
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex);
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[^max..];

    internal static string Group(int collectionId) => "c" + collectionId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fact-check indexing failed; it is tried again")]
    private static partial void LogFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fact-check index resumed from disk: {Count} fact-checks up to stamp {Stamp}")]
    private static partial void LogResumed(ILogger logger, long count, long stamp);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fact-check embeddings were computed as {Stored}, now {Current}: {Count} fact-checks are embedded again")]
    private static partial void LogReembedding(ILogger logger, int count, string stored, string current);

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {Instance} {Holds} the fact-check embedding lease")]
    private static partial void LogLease(ILogger logger, string instance, bool holds);
}
