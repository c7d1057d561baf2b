namespace FactDesk.Core.Import;

/// <summary>Bibliographic facts about an imported article; every field may be unknown.</summary>
public sealed record ArticleMetadata
{
    /// <summary>Headline.</summary>
    public string? Title { get; init; }
    /// <summary>The authors' names, comma-separated ("Chris Cillizza, Jane Doe").</summary>
    public string? Author { get; init; }
    /// <summary>The authors' names one by one; empty when unknown.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];
    /// <summary>The byline as the page shows it ("Analysis by Chris Cillizza, CNN Editor-at-large"), when there is one.</summary>
    public string? Byline { get; init; }
    /// <summary>Publishing outlet, e.g. "Reuters".</summary>
    public string? Outlet { get; init; }
    /// <summary>ISO 639-1 code of the body text, e.g. "en" or "uk".</summary>
    public string? Language { get; init; }
    /// <summary>The article's own address: where it was fetched from, the address given with its content, or its canonical address.</summary>
    public Uri? Url { get; init; }
    /// <summary>The address the page names as its canonical one (<c>&lt;link rel=canonical&gt;</c>, <c>og:url</c>).</summary>
    public Uri? CanonicalUrl { get; init; }
    /// <summary>When the outlet published it; null when the page does not say (never a default date).</summary>
    public DateTimeOffset? PublishedAt { get; init; }
    /// <summary>When the outlet last changed it, if the page says.</summary>
    public DateTimeOffset? ModifiedAt { get; init; }
    /// <summary>Where each value came from, for the import preview; null for values nobody looked for.</summary>
    public MetadataSources? Sources { get; init; }
}

/// <summary>
/// Where each metadata value came from, for the import preview: a <see cref="Text.Reason"/> the Web layer words in the
/// reader's language (<c>From.Markup("&lt;meta og:site_name&gt;")</c>, <c>From.JsonLd("headline")</c>, <c>From.Byline</c>).
/// </summary>
public sealed record MetadataSources
{
    /// <summary>Source of the title.</summary>
    public Text.Reason? Title { get; init; }
    /// <summary>Source of the authors.</summary>
    public Text.Reason? Author { get; init; }
    /// <summary>Source of the outlet.</summary>
    public Text.Reason? Outlet { get; init; }
    /// <summary>Source of the language.</summary>
    public Text.Reason? Language { get; init; }
    /// <summary>Source of the address.</summary>
    public Text.Reason? Url { get; init; }
    /// <summary>Source of the canonical address.</summary>
    public Text.Reason? CanonicalUrl { get; init; }
    /// <summary>Source of the published date.</summary>
    public Text.Reason? PublishedAt { get; init; }
    /// <summary>Source of the modified date.</summary>
    public Text.Reason? ModifiedAt { get; init; }
    /// <summary>How the article text was found (<c>From.SmartReader</c>, <c>From.JsonLd("articleBody")</c>, …).</summary>
    public Text.Reason? Text { get; init; }

    /// <summary>The value came from markup named as such: "&lt;h1&gt;", "&lt;meta og:title&gt;", "&lt;link rel=canonical&gt;".</summary>
    public static Text.Reason Markup(string tag) => Core.Text.Reason.Of("From.Markup", tag);

    /// <summary>The value came from the page's schema.org JSON-LD, from the property named.</summary>
    public static Text.Reason JsonLd(string property) => Core.Text.Reason.Of("From.JsonLd", property);

    /// <summary>A source with no argument: <c>From.Byline</c>, <c>From.Host</c>, <c>From.Given</c>, ….</summary>
    public static Text.Reason Named(string name) => Core.Text.Reason.Of("From." + name);

    /// <summary>The address came with the import (typed or sent beside the content), not from the page.</summary>
    public static readonly Text.Reason Given = Named("Given");
}

/// <summary>Bounds on the work one HTML page may cost; past any of them, the page is refused with a message and nothing is stored.</summary>
/// <param name="MaxParseTime">
/// Longest time reading one page may take (parse and extraction), counted in processor time of the reading thread where the
/// system reports it (Linux, macOS, Windows), so that a busy machine does not refuse real pages; the wall clock stops the
/// work outright at <see cref="WallClockStop"/>.
/// </param>
/// <param name="MaxDepth">Deepest nesting of elements accepted; checked on the markup before it is parsed.</param>
/// <param name="MaxElements">Most elements accepted; counted on the markup before it is parsed.</param>
public sealed record ExtractionLimits(TimeSpan MaxParseTime, int MaxDepth, int MaxElements = ExtractionLimits.DefaultMaxElements)
{
    /// <summary>250,000 elements: the longest encyclopaedia articles have a fifth of that.</summary>
    public const int DefaultMaxElements = 250_000;

    /// <summary>2 seconds, 1,000 levels and 250,000 elements: generous for any real page, small enough that hostile markup costs little.</summary>
    public static ExtractionLimits Default { get; } = new(TimeSpan.FromSeconds(2), 1000);

    /// <summary>Ten times <see cref="MaxParseTime"/> of wall-clock time: past it the reading stops however little processor time it had.</summary>
    public TimeSpan WallClockStop => MaxParseTime * 10;
}

/// <summary>How a source text is encoded.</summary>
public enum SourceFormat
{
    /// <summary>Plain text, paragraphs separated by blank lines.</summary>
    PlainText,
    /// <summary>An HTML page.</summary>
    Html,
    /// <summary>Markdown.</summary>
    Markdown,
}

/// <summary>Why cleaning dropped a block.</summary>
public enum RemovalReason
{
    /// <summary>Not removed.</summary>
    None,
    /// <summary>Written in a language other than the article's.</summary>
    ForeignLanguage,
    /// <summary>A "read more" link or teaser.</summary>
    ReadMore,
    /// <summary>A date standing on its own line.</summary>
    LoneDate,
    /// <summary>A bullet list of headlines or categories.</summary>
    HeadlineList,
    /// <summary>A cookie or privacy banner.</summary>
    CookieNotice,
    /// <summary>Site navigation: "Latest posts", "Related", "Share".</summary>
    Navigation,
    /// <summary>Other page furniture (newsletter sign-ups, sidebar teasers).</summary>
    Boilerplate,
    /// <summary>Repeats an earlier block.</summary>
    Duplicate,
    /// <summary>The headline; it becomes the article title instead of body text.</summary>
    Title,
    /// <summary>The byline; it becomes the article's authors instead of body text.</summary>
    Byline,
}

/// <summary>
/// One paragraph-level block of the source. Blocks with <paramref name="Kept"/> false are what cleaning
/// dropped; the preview shows them struck through and the editor can restore them.
/// </summary>
/// <param name="Index">Position of the block in the source, from 0.</param>
/// <param name="Text">Plain text of the block.</param>
/// <param name="Kept">Whether the block is part of the article body.</param>
/// <param name="Reason">Why it was removed, or <see cref="RemovalReason.None"/>.</param>
/// <param name="Explanation">A short sentence for the editor explaining the removal.</param>
public sealed record ContentBlock(int Index, string Text, bool Kept, RemovalReason Reason, string? Explanation);

/// <summary>An imported article: its metadata and every source block, kept or removed.</summary>
/// <param name="Metadata">Title, author, outlet, language and so on.</param>
/// <param name="Blocks">All blocks in source order.</param>
public sealed record CleanedArticle(ArticleMetadata Metadata, IReadOnlyList<ContentBlock> Blocks)
{
    /// <summary>
    /// The body text: kept blocks (after applying the editor's overrides) joined by a blank line.
    /// </summary>
    /// <param name="restore">Indexes of removed blocks to keep anyway.</param>
    /// <param name="drop">Indexes of kept blocks to remove anyway.</param>
    public string ComposeBody(IReadOnlySet<int>? restore = null, IReadOnlySet<int>? drop = null)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var block in Blocks)
        {
            var keep = block.Kept
                ? drop is null || !drop.Contains(block.Index)
                : restore is not null && restore.Contains(block.Index);
            if (!keep) continue;
            if (sb.Length > 0) sb.Append("\n\n");
            sb.Append(block.Text);
        }
        return sb.ToString();
    }

    /// <summary>The blocks that made it into the body.</summary>
    public IEnumerable<ContentBlock> KeptBlocks => Blocks.Where(b => b.Kept);

    /// <summary>The blocks cleaning dropped.</summary>
    public IEnumerable<ContentBlock> RemovedBlocks => Blocks.Where(b => !b.Kept);
}

/// <summary>
/// An import failed. Core says why as a <see cref="Text.Reason"/> (a code and its arguments) for the Web layer to word in
/// the reader's language; the Web layer's own refusals (a fetch, a limit) arrive already worded as the message.
/// </summary>
public sealed class ImportException : Exception
{
    /// <summary>A refusal Core found: the message is the reason's code, for logs; <see cref="Reason"/> is what people read, once worded.</summary>
    public ImportException(Text.Reason reason) : base(reason?.ToString()) => Reason = reason ?? throw new ArgumentNullException(nameof(reason));

    /// <summary>A refusal already worded in the reader's language.</summary>
    public ImportException(string message) : base(message) { }

    /// <summary>Why, for the Web layer to word; null when <see cref="Exception.Message"/> is the sentence itself.</summary>
    public Text.Reason? Reason { get; }

    /// <summary>The source is past the size limit (an API answers 413, not 400).</summary>
    public bool TooLarge { get; init; }
}

/// <summary>Decoded source text and the format it is in.</summary>
/// <param name="Text">The decoded text.</param>
/// <param name="Format">How to interpret it.</param>
public sealed record DecodedSource(string Text, SourceFormat Format);
