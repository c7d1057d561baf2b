using System.Globalization;
using System.Text.Json;
using CsvHelper;
using FactDesk.Core.Text;

namespace FactDesk.Core.Matching;

/// <summary>A published fact-check as read from a feed or a file.</summary>
/// <param name="Url">Where it is published; the key for de-duplication.</param>
/// <param name="ClaimReviewed">The claim as reviewed.</param>
/// <param name="Headline">The fact-check's headline, if given.</param>
/// <param name="Rating">The rating's label (<c>reviewRating.alternateName</c>), if given.</param>
/// <param name="Publisher">Who published it (<c>author.name</c>), if given.</param>
/// <param name="DatePublished">When, if given and readable.</param>
/// <param name="Language">Its language (<c>inLanguage</c>), if given.</param>
public sealed record FactCheckItem(string Url, string ClaimReviewed, string? Headline, string? Rating, string? Publisher, DateTimeOffset? DatePublished, string? Language);

/// <summary>An item that was not taken, and why (a code the Web layer words in the reader's language).</summary>
/// <param name="Index">Its position in the input (0-based; for CSV the data row).</param>
/// <param name="Url">Its URL when it had one.</param>
/// <param name="Reason">Why it was refused: <c>FactCheckFile.ClaimNotText</c>, <c>UrlNotText</c>, <c>NoClaim</c>, <c>NoUrl</c> or <c>UrlNotAbsolute</c> (the address, shortened).</param>
public sealed record RefusedItem(int Index, string? Url, Reason Reason);

/// <summary>What a feed or file held: the items read and the ones refused.</summary>
/// <param name="Items">Readable fact-checks, de-duplicated by URL (the last one wins).</param>
/// <param name="Refused">Items that could not be taken, each with its reason.</param>
public sealed record FactCheckBatch(IReadOnlyList<FactCheckItem> Items, IReadOnlyList<RefusedItem> Refused);

/// <summary>
/// The whole input could not be read. From <see cref="FactCheckReader"/>, <see cref="Reason"/> says why (the Web layer
/// words it); a caller that already has a sentence in its reader's language passes the sentence.
/// </summary>
public sealed class FactCheckFormatException : Exception
{
    /// <summary>Why, for the Web layer to word; the message is its code, for logs.</summary>
    public FactCheckFormatException(Reason reason) : base(reason?.ToString()) => Reason = reason;

    /// <summary>Why, in a sentence already in the reader's language.</summary>
    public FactCheckFormatException(string message) : base(message) { }

    /// <summary>Why, as a code and arguments; null when <see cref="Exception.Message"/> is already a sentence.</summary>
    public Reason? Reason { get; }

    /// <summary>True when the input was refused for its size (the API answers 413).</summary>
    public bool TooLarge { get; init; }
}

/// <summary>Which CSV column holds what (header names, matched case-insensitively).</summary>
public sealed record CsvColumnMap
{
    /// <summary>The claim as reviewed (required).</summary>
    public string Claim { get; init; } = "claim";
    /// <summary>The rating's label.</summary>
    public string Rating { get; init; } = "rating";
    /// <summary>The fact-check's URL (required).</summary>
    public string Url { get; init; } = "url";
    /// <summary>The publisher's name.</summary>
    public string Publisher { get; init; } = "publisher";
    /// <summary>The publication date.</summary>
    public string Date { get; init; } = "date";
    /// <summary>The language tag.</summary>
    public string Language { get; init; } = "language";
    /// <summary>The headline.</summary>
    public string Headline { get; init; } = "headline";
}

/// <summary>
/// Reads published fact-checks: schema.org ClaimReview JSON-LD as a single object, an array, an <c>@graph</c>, or a
/// <c>DataFeed</c> whose <c>dataFeedElement</c>s are ClaimReviews (or carry them in <c>item</c>), including FactDesk's
/// own ClaimReview export; and CSV with a column mapping. Items without a claim or a URL are refused with a reason.
/// </summary>
public static class FactCheckReader
{
    private const int MaxClaimLength = 2000;

    /// <summary>Reads ClaimReview JSON-LD.</summary>
    /// <exception cref="FactCheckFormatException">The input is not JSON, or holds no ClaimReview at all.</exception>
    public static FactCheckBatch ReadJsonLd(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new FactCheckFormatException(Reason.Of("FactCheckFile.NotJson", (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1));
        }
        using (document)
        {
            var candidates = new List<JsonElement>();
            Collect(document.RootElement, candidates, 0);
            if (candidates.Count == 0)
                throw new FactCheckFormatException(Reason.Of(document.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                    ? "FactCheckFile.NoClaimReview" : "FactCheckFile.SingleValue"));
            var items = new List<FactCheckItem>();
            var refused = new List<RefusedItem>();
            for (int i = 0; i < candidates.Count; i++)
            {
                var (item, reason) = FromClaimReview(candidates[i]);
                if (item is null) refused.Add(new RefusedItem(i, Str(candidates[i], "url"), reason!));
                else items.Add(item);
            }
            return Deduplicate(items, refused);
        }
    }

    /// <summary>Reads CSV (RFC 4180, a header row) with <paramref name="map"/> naming the columns.</summary>
    /// <exception cref="FactCheckFormatException">No header, or the claim or URL column is missing.</exception>
    public static FactCheckBatch ReadCsv(TextReader reader, CsvColumnMap? map = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        map ??= new CsvColumnMap();
        // A malformed record is reported (its line and what is wrong with it) and refuses the file; CsvHelper's own
        // message is English, so the reason is FactDesk's, from what the report says.
        CsvMalformedRecord? malformed = null;
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = record => malformed ??= record,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
        };
        var items = new List<FactCheckItem>();
        var refused = new List<RefusedItem>();
        int row = 0;
        try
        {
            using var csv = CsvReader.Create(reader, options, true);
            int claim = -1, url = -1, rating = -1, publisher = -1, date = -1, language = -1, headline = -1;
            while (csv.Read() && malformed is null)
            {
                if (row == 0)
                {
                    var header = (csv.Headers ?? []).Select(h => h.Trim().ToLowerInvariant()).ToList();
                    int Col(string name) => header.IndexOf(name.Trim().ToLowerInvariant());
                    (claim, url, rating, publisher, date, language, headline) = (Col(map.Claim), Col(map.Url), Col(map.Rating), Col(map.Publisher), Col(map.Date), Col(map.Language), Col(map.Headline));
                    if (claim < 0 || url < 0)
                        throw new FactCheckFormatException(Reason.Of("FactCheckFile.CsvColumns", map.Claim, map.Url, string.Join(", ", header)));
                }
                string? Get(int i) => i >= 0 && i < csv.FieldCount && csv.GetStringOrNull(i) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
                var (item, reason) = Make(Get(url), Get(claim), Get(headline), Get(rating), Get(publisher), Get(date), Get(language));
                if (item is null) refused.Add(new RefusedItem(row, Get(url), reason!));
                else items.Add(item);
                row++;
            }
        }
        catch (CsvFormatException ex)
        {
            throw new FactCheckFormatException(Reason.Of("FactCheckFile.CsvBroken", ex.LineNumber > 0 ? ex.LineNumber : ex.RecordNumber));
        }
        if (malformed is { } bad) throw new FactCheckFormatException(Malformed(bad));
        if (row == 0) throw new FactCheckFormatException(Reason.Of("FactCheckFile.CsvNoRows"));
        return Deduplicate(items, refused);
    }

    /// <summary>Why a record could not be read, by the line it starts on (1-based, the header is line 1).</summary>
    private static Reason Malformed(CsvMalformedRecord record)
    {
        var line = record.LineNumber > 0 ? record.LineNumber : record.RecordNumber;
        return record.Reason switch
        {
            CsvMalformedReason.StrayQuote => Reason.Of("FactCheckFile.CsvStrayQuote", line),
            CsvMalformedReason.TextAfterClosingQuote => Reason.Of("FactCheckFile.CsvTextAfterQuote", line),
            CsvMalformedReason.UnterminatedQuote => Reason.Of("FactCheckFile.CsvUnclosedQuote", line),
            _ => Reason.Of("FactCheckFile.CsvBroken", line),
        };
    }

    private static void Collect(JsonElement e, List<JsonElement> into, int depth)
    {
        if (depth > 8) return;
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var x in e.EnumerateArray()) Collect(x, into, depth + 1);
            return;
        }
        if (e.ValueKind != JsonValueKind.Object) return;
        if (IsType(e, "ClaimReview")) { into.Add(e); return; }
        if (e.TryGetProperty("@graph", out var graph)) Collect(graph, into, depth + 1);
        if (e.TryGetProperty("dataFeedElement", out var feed)) Collect(feed, into, depth + 1);
        // a DataFeedItem wraps its ClaimReview in "item"
        if (e.TryGetProperty("item", out var item)) Collect(item, into, depth + 1);
    }

    private static bool IsType(JsonElement e, string type)
    {
        if (!e.TryGetProperty("@type", out var t)) return false;
        static bool Is(string? s, string type) => s is not null && (s == type || s.EndsWith("/" + type, StringComparison.Ordinal) || s.EndsWith(":" + type, StringComparison.Ordinal));
        return t.ValueKind switch
        {
            JsonValueKind.String => Is(t.GetString(), type),
            JsonValueKind.Array => t.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.String && Is(x.GetString(), type)),
            _ => false,
        };
    }

    private static (FactCheckItem?, Reason?) FromClaimReview(JsonElement e)
    {
        var claim = Str(e, "claimReviewed");
        if (e.TryGetProperty("claimReviewed", out var cr) && cr.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            return (null, Reason.Of("FactCheckFile.ClaimNotText"));
        // FactDesk's own export shortens claimReviewed to 75 characters and keeps the whole claim in itemReviewed.text
        var itemReviewed = e.TryGetProperty("itemReviewed", out var ir) && ir.ValueKind == JsonValueKind.Object ? ir : default;
        var fullText = itemReviewed.ValueKind == JsonValueKind.Object ? Str(itemReviewed, "text") : null;
        if (fullText is not null && (claim is null || claim.EndsWith('…'))) claim = fullText;
        if (e.TryGetProperty("url", out var u) && u.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            return (null, Reason.Of("FactCheckFile.UrlNotText"));
        var rating = e.TryGetProperty("reviewRating", out var r) && r.ValueKind == JsonValueKind.Object
            ? Str(r, "alternateName") ?? Str(r, "name") ?? (r.TryGetProperty("ratingValue", out var rv) ? rv.ToString() : null)
            : null;
        var publisher = Name(e, "author") ?? Name(e, "publisher");
        return Make(Str(e, "url"), claim, Str(e, "headline") ?? Str(e, "name"), rating, publisher, Str(e, "datePublished"), Str(e, "inLanguage"));
    }

    private static (FactCheckItem?, Reason?) Make(string? url, string? claim, string? headline, string? rating, string? publisher, string? date, string? language)
    {
        if (string.IsNullOrWhiteSpace(claim)) return (null, Reason.Of("FactCheckFile.NoClaim"));
        if (string.IsNullOrWhiteSpace(url)) return (null, Reason.Of("FactCheckFile.NoUrl"));
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return (null, Reason.Of("FactCheckFile.UrlNotAbsolute", Truncate(url, 100)));
        if (claim.Length > MaxClaimLength) claim = claim[..MaxClaimLength];
        DateTimeOffset? published = null;
        if (date is not null && DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)) published = d.ToUniversalTime();
        return (new FactCheckItem(uri.AbsoluteUri, claim.Trim(), Trim(headline, 500), Trim(rating, 100), Trim(publisher, 200), published, Trim(language, 35)), null);
    }

    private static FactCheckBatch Deduplicate(List<FactCheckItem> items, List<RefusedItem> refused)
    {
        var byUrl = new Dictionary<string, FactCheckItem>(StringComparer.Ordinal);
        foreach (var item in items) byUrl[item.Url] = item;
        return new FactCheckBatch(byUrl.Values.ToList(), refused);
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => string.IsNullOrWhiteSpace(v.GetString()) ? null : v.GetString()!.Trim(),
                JsonValueKind.Array => v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()).FirstOrDefault(),
                _ => null,
            }
            : null;

    private static string? Name(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.String) return v.GetString();
        if (v.ValueKind == JsonValueKind.Array) v = v.EnumerateArray().FirstOrDefault();
        return v.ValueKind == JsonValueKind.Object ? Str(v, "name") : null;
    }

    private static string? Trim(string? s, int max) => s is null ? null : (s.Length > max ? s[..max] : s).Trim();

    private static string Truncate(string s, int max) => s.Length > max ? s[..max] + "…" : s;
}
