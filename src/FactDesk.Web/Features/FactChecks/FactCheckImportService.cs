using System.Text;
using FactDesk.Core.Import;
using FactDesk.Core.Matching;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Features.FactChecks;

public enum FactCheckFormat { Auto, JsonLd, Csv }

/// <summary>An item of the file that was not imported, and why in the reader's language.</summary>
/// <param name="Index">Its position in the file (0-based; for CSV the data row).</param>
/// <param name="Url">Its URL when it had one.</param>
/// <param name="Reason">Why it was refused, a sentence.</param>
public sealed record RefusedFactCheck(int Index, string? Url, string Reason)
{
    /// <summary>Core's refusal, worded in the current culture.</summary>
    public static RefusedFactCheck Of(RefusedItem item) => new(item.Index, item.Url, Say.Text(item.Reason));
}

/// <summary>What an import did: counts, and every refused item with its reason.</summary>
public sealed record FactCheckImportReport(string Collection, int CollectionId, int Added, int Updated, int Unchanged, IReadOnlyList<RefusedFactCheck> Refused)
{
    public int RefusedCount => Refused.Count;
}

/// <summary>
/// Imports published fact-checks into a named collection: parses the whole input first (nothing is stored when it
/// cannot be read), then stores every readable item in one transaction, de-duplicated by URL within the collection;
/// an item already there is updated, and re-queued for embedding only when its text changed. Indexing happens after,
/// in the background (<see cref="FactCheckIndexer"/>).
/// </summary>
public sealed partial class FactCheckImportService(
    IDbContextFactory<FactDeskDbContext> dbFactory,
    SafeFetcher fetcher,
    FactCheckIndexer indexer,
    IOptions<FactCheckOptions> options,
    TimeProvider clock,
    ILogger<FactCheckImportService> logger)
{
    public const int MaxCollectionName = 200;

    public long MaxBytes => options.Value.MaxImportBytes;

    /// <summary>
    /// Parses <paramref name="body"/> as ClaimReview JSON-LD (object, array, @graph, DataFeed) or CSV; a file that cannot
    /// be read throws <see cref="FactCheckFormatException"/> with the reason as a sentence in the caller's language.
    /// </summary>
    public FactCheckBatch Parse(ReadOnlyMemory<byte> body, FactCheckFormat format, CsvColumnMap? map)
    {
        try
        {
            return Read(body, format, map);
        }
        catch (FactCheckFormatException ex) when (ex.Reason is { } reason)
        {
            throw new FactCheckFormatException(Say.Text(reason));
        }
    }

    private FactCheckBatch Read(ReadOnlyMemory<byte> body, FactCheckFormat format, CsvColumnMap? map)
    {
        if (body.Length > MaxBytes) throw new FactCheckFormatException(TooLarge(body.Length)) { TooLarge = true };
        var span = body.Span;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) { body = body[3..]; span = body.Span; }
        if (format == FactCheckFormat.Auto)
        {
            var first = 0;
            while (first < span.Length && span[first] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') first++;
            if (first == span.Length) throw new FactCheckFormatException(Say.Text("FactChecks.Empty"));
            format = span[first] is (byte)'{' or (byte)'[' ? FactCheckFormat.JsonLd : FactCheckFormat.Csv;
        }
        if (format == FactCheckFormat.JsonLd) return FactCheckReader.ReadJsonLd(body);
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(span);
        }
        catch (DecoderFallbackException)
        {
            throw new FactCheckFormatException(Say.Text("FactChecks.NotUtf8"));
        }
        return FactCheckReader.ReadCsv(new StringReader(text), map);
    }

    /// <summary>Fetches a feed under the import's SSRF rules, then parses it.</summary>
    public async Task<FactCheckBatch> FetchAsync(string url, FactCheckFormat format, CsvColumnMap? map, CancellationToken cancellationToken)
    {
        FetchedSource fetched;
        try
        {
            fetched = await fetcher.FetchAsync(url, null, cancellationToken, MaxBytes);
        }
        catch (DownloadTooLargeException ex)
        {
            var sentence = Say.Text("FactChecks.FeedTooLarge", SafeFetcher.FormatSize(ex.Size), SafeFetcher.FormatSize(ex.Limit));
            throw new FactCheckFormatException(ex.Stopped ? sentence + " " + Say.Text("Import.DownloadStopped") : sentence) { TooLarge = true };
        }
        catch (ImportException ex)
        {
            throw new FactCheckFormatException(Say.Text(ex)) { TooLarge = ex.TooLarge };
        }
        if (format == FactCheckFormat.Auto && fetched.ContentType?.Contains("csv", StringComparison.OrdinalIgnoreCase) == true) format = FactCheckFormat.Csv;
        return Parse(fetched.Body, format, map);
    }

    /// <summary>Stores a parsed batch in the named collection (created if new).</summary>
    public async Task<WriteResult<FactCheckImportReport>> ImportAsync(Actor actor, string? collection, FactCheckBatch batch, CancellationToken cancellationToken)
    {
        if (!actor.IsEditor) return WriteResult<FactCheckImportReport>.Forbidden(Say.Text("FactChecks.OnlyEditors"));
        var name = collection?.Trim();
        if (string.IsNullOrEmpty(name)) return WriteResult<FactCheckImportReport>.Invalid(Say.Text("FactChecks.NameCollection"));
        if (name.Length > MaxCollectionName) return WriteResult<FactCheckImportReport>.Invalid(Say.Text("FactChecks.NameLong", MaxCollectionName));
        if (batch.Items.Count > options.Value.MaxImportItems)
            return WriteResult<FactCheckImportReport>.Invalid(Say.Text("FactChecks.TooMany", batch.Items.Count, options.Value.MaxImportItems));
        if (batch.Items.Count == 0)
            return WriteResult<FactCheckImportReport>.Invalid(batch.Refused.Count == 0 ? Say.Text("FactChecks.None")
                : Say.Text("FactChecks.AllRefused", batch.Refused.Count, Say.Text(batch.Refused[0].Reason)));

        var now = StoredTime.Now(clock);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var target = await db.Set<FactCheckCollection>().FirstOrDefaultAsync(c => c.Name == name, cancellationToken);
        if (target is null)
        {
            target = new FactCheckCollection { Name = name, CreatedAt = now };
            db.Add(target);
            await db.SaveChangesAsync(cancellationToken);
        }
        var existing = await db.Set<FactCheck>().AsNoTracking().Where(f => f.CollectionId == target.Id)
            .Select(f => new { f.Id, f.Url, f.ClaimReviewed, f.Headline, f.Rating, f.Publisher, f.DatePublished, f.Language })
            .ToDictionaryAsync(f => f.Url, StringComparer.Ordinal, cancellationToken);
        int added = 0, updated = 0, unchanged = 0;
        var rows = new FactCheckRows(db);
        var fresh = new List<FactCheck>();
        foreach (var item in batch.Items)
        {
            // dates as the database keeps them, so an unchanged item compares equal on the next import
            var date = StoredTime.Of(item.DatePublished);
            if (existing.TryGetValue(item.Url, out var old))
            {
                if (old.ClaimReviewed == item.ClaimReviewed && old.Headline == item.Headline && old.Rating == item.Rating
                    && old.Publisher == item.Publisher && old.DatePublished == date && old.Language == item.Language)
                {
                    unchanged++;
                    continue;
                }
                List<(string, object?)> set =
                [
                    (nameof(FactCheck.Rating), item.Rating), (nameof(FactCheck.Publisher), item.Publisher),
                    (nameof(FactCheck.DatePublished), date), (nameof(FactCheck.Language), item.Language), (nameof(FactCheck.ImportedAt), now),
                ];
                // new text: embedded and indexed again
                if (old.ClaimReviewed != item.ClaimReviewed || old.Headline != item.Headline)
                    set.AddRange([(nameof(FactCheck.ClaimReviewed), item.ClaimReviewed), (nameof(FactCheck.Headline), item.Headline),
                        (nameof(FactCheck.Embedding), null), (nameof(FactCheck.IndexStamp), 0L)]);
                await rows.UpdateAsync(old.Id, set, cancellationToken);
                updated++;
                continue;
            }
            fresh.Add(new FactCheck
            {
                CollectionId = target.Id, Url = item.Url, ClaimReviewed = item.ClaimReviewed, Headline = item.Headline, Rating = item.Rating,
                Publisher = item.Publisher, DatePublished = date, Language = item.Language, ImportedAt = now,
            });
            added++;
        }
        await rows.InsertAsync(fresh, cancellationToken);
        await db.Set<FactCheckCollection>().Where(c => c.Id == target.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastImportAt, now).SetProperty(c => c.LastImportById, actor.UserId), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        LogImported(logger, name, added, updated, unchanged, batch.Refused.Count, actor.UserId);
        indexer.Wake();
        return WriteResult<FactCheckImportReport>.Success(new FactCheckImportReport(name, target.Id, added, updated, unchanged, [.. batch.Refused.Select(RefusedFactCheck.Of)]));
    }

    public string TooLarge(long size) =>
        Say.Text("FactChecks.TooLarge", SafeFetcher.FormatSize(size), SafeFetcher.FormatSize(MaxBytes));

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported fact-checks into {Collection}: {Added} added, {Updated} updated, {Unchanged} unchanged, {Refused} refused, by {UserId}")]
    private static partial void LogImported(ILogger logger, string collection, int added, int updated, int unchanged, int refused, string userId);
}
