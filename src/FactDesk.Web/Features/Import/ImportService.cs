using System.Text;
using System.Text.Json;
using FactDesk.Core.Claims;
using FactDesk.Core.Hygiene;
using FactDesk.Core.Import;
using FactDesk.Core.Text;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using FactDesk.Web.Localization;

namespace FactDesk.Web.Features.Import;

/// <summary>What cleaning made of a source, before the editor saves it.</summary>
public sealed record ImportPreview(CleanedArticle Cleaned, SourceFormat Format, string Raw, Uri? SourceUrl);

/// <summary>The editor's choices on the preview: metadata corrections and blocks restored or dropped by hand.</summary>
public sealed record ImportDecision(
    string? Title = null,
    string? Outlet = null,
    string? Author = null,
    DateTimeOffset? PublishedAt = null,
    string? Language = null,
    IReadOnlySet<int>? Restore = null,
    IReadOnlySet<int>? Drop = null);

/// <param name="Notice">A sentence for the editor when the import kept less than it found (the suggestion cap), else null.</param>
public sealed record ImportedArticle(int ArticleId, int SuggestedClaims, string Title, string? Notice = null);

public sealed partial class ImportService(
    SafeFetcher fetcher,
    ClaimSpotter spotter,
    ArticleJournal journal,
    IOptions<FactDeskOptions> options,
    TimeProvider clock,
    ILogger<ImportService> logger)
{
    private readonly long _maxBytes = options.Value.Import.MaxBytes;
    private readonly ExtractionLimits _limits = new(TimeSpan.FromSeconds(options.Value.Import.MaxParseSeconds), options.Value.Import.MaxNestingDepth, options.Value.Import.MaxElements);
    private readonly int _maxSuggestions = Math.Min(options.Value.Claims.MaxSuggestions, options.Value.Claims.MaxPerArticle);

    public const int MaxTitleLength = 500;
    public const int MaxOutletLength = 200;
    public const int MaxAuthorLength = 300;
    public const int MaxLanguageLength = 16;

    public long MaxBytes => _maxBytes;

    public ImportPreview PreviewText(string text, SourceFormat format, ArticleMetadata? hints = null)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ImportException(Say.Text("Import.Empty"));
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > _maxBytes) throw new ImportException(SafeFetcher.TooLarge(bytes, _maxBytes)) { TooLarge = true };
        // a URL given beside the content is the article's own address: never fetched, used for links, outlet and citation
        // Source text is cleaned, not refused: a scraped page's stray NUL or direction override is nobody's typing.
        text = TextHygiene.Clean(text, TextKind.Multiline, out _);
        return new ImportPreview(CleanMetadata(ArticleImporter.FromSource(text, format, hints?.Url, hints, _limits)), format, text, hints?.Url);
    }

    public ImportPreview PreviewUpload(ReadOnlySpan<byte> bytes, string fileName, string? contentType, ArticleMetadata? hints = null)
    {
        if (bytes.Length > _maxBytes) throw new ImportException(SafeFetcher.TooLarge(bytes.Length, _maxBytes)) { TooLarge = true };
        var decoded = SourceDecoder.Decode(bytes, fileName, contentType);
        return PreviewText(decoded.Text, decoded.Format, hints);
    }

    public async Task<ImportPreview> PreviewUrlAsync(string url, IProgress<string>? progress, CancellationToken cancellationToken, ArticleMetadata? hints = null)
    {
        FetchedSource fetched;
        try
        {
            fetched = await fetcher.FetchAsync(url, progress, cancellationToken, _maxBytes);
        }
        catch (DownloadTooLargeException ex)
        {
            throw SafeFetcher.TooLarge(ex);
        }
        progress?.Report(Say.Text("Fetch.Cleaning"));
        var decoded = SourceDecoder.Decode(fetched.Body, fetched.FinalUrl.AbsolutePath, fetched.ContentType);
        var withUrl = (hints ?? new ArticleMetadata()) with { Url = fetched.FinalUrl };
        var text = TextHygiene.Clean(decoded.Text, TextKind.Multiline, out _);
        return new ImportPreview(CleanMetadata(ArticleImporter.FromSource(text, decoded.Format, fetched.FinalUrl, withUrl, _limits)), decoded.Format, text, fetched.FinalUrl);
    }

    /// <summary>Metadata read from the source (a page's title, byline, canonical link) loses control characters and credentials.</summary>
    private static CleanedArticle CleanMetadata(CleanedArticle cleaned)
    {
        var m = cleaned.Metadata;
        return cleaned with
        {
            Metadata = m with
            {
                Title = TextHygiene.Clean(m.Title, TextKind.Line),
                Outlet = TextHygiene.Clean(m.Outlet, TextKind.Line),
                Author = TextHygiene.Clean(m.Author, TextKind.Line),
                Language = TextHygiene.Clean(m.Language, TextKind.Line),
                Url = m.Url is null ? null : UrlHygiene.WithoutCredentials(m.Url),
                CanonicalUrl = m.CanonicalUrl is null ? null : UrlHygiene.WithoutCredentials(m.CanonicalUrl),
            },
        };
    }

    /// <summary>Stores the article, its raw source, what cleaning removed, its suggested claims and its first Event, in one transaction.</summary>
    public Task<WriteResult<ImportedArticle>> SaveAsync(Actor actor, ImportPreview preview, ImportDecision decision, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => SaveCoreAsync(actor, preview, decision, cancellationToken));

    private async Task<WriteResult<ImportedArticle>> SaveCoreAsync(Actor actor, ImportPreview preview, ImportDecision decision, CancellationToken cancellationToken)
    {
        if (ReviewRules.CheckRight(actor, JournalRight.ImportArticle) is { } refused) return refused.As<ImportedArticle>();
        var body = preview.Cleaned.ComposeBody(decision.Restore, decision.Drop);
        if (string.IsNullOrWhiteSpace(body)) return WriteResult<ImportedArticle>.Invalid(Say.Text("Import.AllRemoved"));

        // What the editor typed is refused with a sentence, never changed behind their back.
        if (TextHygiene.CheckAll((decision.Title, Fields.Title, TextKind.Line), (decision.Outlet, Fields.Outlet, TextKind.Line),
                (decision.Author, Fields.Author, TextKind.Line), (decision.Language, Fields.Language, TextKind.Line)) is { } unclean)
            return WriteResult<ImportedArticle>.Invalid(Say.Unclean(unclean));

        var meta = preview.Cleaned.Metadata;
        var now = clock.GetUtcNow();
        var title = Clean(decision.Title) ?? Clean(meta.Title) ?? FallbackTitle(body);
        if (title.Length > MaxTitleLength) return WriteResult<ImportedArticle>.Invalid(Say.Text("Import.TitleLong", MaxTitleLength));
        var typedOutlet = Clean(decision.Outlet);
        if (typedOutlet?.Length > MaxOutletLength) return WriteResult<ImportedArticle>.Invalid(Say.Text("Import.OutletLong", MaxOutletLength));
        var typedAuthor = Clean(decision.Author);
        if (typedAuthor?.Length > MaxAuthorLength) return WriteResult<ImportedArticle>.Invalid(Say.Text("Import.AuthorLong", MaxAuthorLength));
        var typedLanguage = Clean(decision.Language);
        if (typedLanguage?.Length > MaxLanguageLength) return WriteResult<ImportedArticle>.Invalid(Say.Text("Import.LanguageLong", MaxLanguageLength));
        var url = preview.SourceUrl ?? meta.Url;
        if (url is not null && UrlHygiene.HasCredentials(url)) return WriteResult<ImportedArticle>.Invalid(Say.CredentialsInAddress());
        var article = new Article
        {
            Title = title,
            // Read from the source (not typed): a page's overlong byline is shortened rather than failing the import.
            Outlet = typedOutlet ?? Truncate(Clean(meta.Outlet), MaxOutletLength),
            Author = typedAuthor ?? Truncate(Clean(meta.Author), MaxAuthorLength),
            Url = url?.ToString(),
            PublishedAt = decision.PublishedAt ?? meta.PublishedAt,
            ModifiedAt = meta.ModifiedAt,
            CanonicalUrl = meta.CanonicalUrl?.ToString(),
            Language = typedLanguage ?? Truncate(Clean(meta.Language), MaxLanguageLength),
            Body = body,
            WordCount = CountWords(body),
            CreatedAt = now,
            CreatedById = actor.UserId,
        };
        var removed = preview.Cleaned.Blocks
            .Where(b => (!b.Kept && decision.Restore?.Contains(b.Index) != true) || (b.Kept && decision.Drop?.Contains(b.Index) == true))
            .Select(b => new RemovedBlock(b.Index, b.Text, b.Kept ? "RemovedByEditor" : b.Reason.ToString(), b.Explanation))
            .ToArray();
        article.Sources.Add(new ArticleSource
        {
            Format = preview.Format,
            Raw = preview.Raw,
            RemovedBlocksJson = JsonSerializer.Serialize(removed, JsonSerializerOptions.Web),
            ImportedAt = now,
        });

        var (suggestions, found) = CapSuggestions(spotter.Suggest(body), _maxSuggestions);
        // The article, its claims and its first Event: one unit of work on the journal, like every later change.
        var saved = await journal.CreateArticleAsync(actor, article, (entry, _) =>
        {
            foreach (var s in suggestions)
            {
                entry.Db.Claims.Add(ReviewService.NewClaim(article, s.Span, s, ClaimOrigin.Suggested, actor));
            }
            entry.Record(EventKinds.ArticleImported, null, null, new { title = article.Title, words = article.WordCount, suggestedClaims = suggestions.Count });
            return Task.FromResult(WriteResult<ImportedArticle>.Success(new ImportedArticle(article.Id, suggestions.Count, article.Title,
                found > suggestions.Count ? SuggestionsCapped(found, suggestions.Count) : null)));
        }, cancellationToken);
        if (saved.Ok) LogImported(logger, article.Id, article.WordCount, suggestions.Count, actor.UserId);
        return saved;
    }

    /// <summary>
    /// At most <paramref name="max"/> suggestions, the most check-worthy (ties: earlier first), back in text order; and how
    /// many there were. One allowed-size paste of a sentence repeated made 95,225 claims and broke the desk's exports.
    /// </summary>
    internal static (IReadOnlyList<ScoredSentence> Kept, int Found) CapSuggestions(IReadOnlyList<ScoredSentence> suggestions, int max)
    {
        if (suggestions.Count <= max) return (suggestions, suggestions.Count);
        var kept = suggestions.Select((s, i) => (s, i)).OrderByDescending(x => x.s.Score).ThenBy(x => x.i).Take(max)
            .OrderBy(x => x.i).Select(x => x.s).ToList();
        return (kept, suggestions.Count);
    }

    internal static string SuggestionsCapped(int found, int kept) =>
        Say.Text("Import.SuggestionsCapped", found, kept);

    public static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var letter = char.IsLetterOrDigit(c);
            if (letter && !inWord) count++;
            inWord = letter || (inWord && (c == '\'' || c == '’' || c == '-'));
        }
        return count;
    }

    // The first sentence, found by the splitter so "$4.2 million" or "U.S." do not cut it short.
    private static string FallbackTitle(string body)
    {
        var sentences = SentenceSplitter.Split(body);
        var first = sentences.Count > 0 ? body[sentences[0].Start..sentences[0].End] : body.Trim();
        var line = first.Split('\n')[0].Trim().TrimEnd('.');
        return line.Length > 90 ? line[..90].TrimEnd() + "…" : line;
    }

    private static string? Clean(string? value)
    {
        var t = value?.Trim();
        return string.IsNullOrEmpty(t) ? null : t;
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported article {ArticleId}: {Words} words, {Claims} suggested claims, by {UserId}")]
    private static partial void LogImported(ILogger logger, int articleId, int words, int claims, string userId);
}
