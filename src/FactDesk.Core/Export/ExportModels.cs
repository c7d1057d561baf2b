using FactDesk.Core.Verdicts;

namespace FactDesk.Core.Export;

/// <summary>An article as the exporters see it.</summary>
/// <param name="Id">FactDesk's id of the article.</param>
/// <param name="Title">Headline.</param>
/// <param name="Outlet">Publishing outlet, when known.</param>
/// <param name="Author">Byline, when known.</param>
/// <param name="Url">Where the outlet published it, when known.</param>
/// <param name="PublishedAt">When the outlet published it, when known.</param>
/// <param name="Language">BCP 47 language tag of the body, when known.</param>
/// <param name="Body">The clean body text that claim offsets point into.</param>
/// <param name="PageUri">The article's page in FactDesk (absolute).</param>
/// <param name="FactCheckUrl">The public page where the desk published its fact-check of this article: ClaimReview's <c>url</c>.</param>
/// <param name="CanonicalUrl">The address the article's page names as its canonical one, when it named one: cited before <paramref name="Url"/>.</param>
/// <param name="ModifiedAt">When the outlet last changed the article, when the page said.</param>
public sealed record ExportArticle(int Id, string Title, string? Outlet, string? Author, string? Url, DateTimeOffset? PublishedAt,
    string? Language, string Body, Uri PageUri, string? FactCheckUrl = null, string? CanonicalUrl = null, DateTimeOffset? ModifiedAt = null)
{
    /// <summary>The address to cite the article by: its canonical one (the outlet's own choice among its addresses), else where it was read.</summary>
    public string? CitedUrl => ExportText.HttpUrl(CanonicalUrl) is not null ? CanonicalUrl : Url;
}

/// <summary>Who signed a claim off, and when: a signed-off claim is final.</summary>
/// <param name="By">Display name of the Editor who signed the session off.</param>
/// <param name="At">When.</param>
public sealed record ExportSignOff(string By, DateTimeOffset At);

/// <summary>A source behind a verdict.</summary>
/// <param name="Url">Where the source is, when it is online.</param>
/// <param name="Description">What the source is, for offline sources or as a caption.</param>
/// <param name="Excerpt">The passage of the source that matters.</param>
/// <param name="Stance"><c>supports</c>, <c>contradicts</c> or <c>context</c>.</param>
/// <param name="AccessedOn">When the reviewer looked at it.</param>
/// <param name="Redacted">True when naming the source would endanger someone: no export ever shows it.</param>
public sealed record ExportEvidence(string? Url, string? Description, string? Excerpt, string Stance, DateOnly? AccessedOn, bool Redacted);

/// <summary>A threaded note on a claim.</summary>
/// <param name="Id">Note id.</param>
/// <param name="ParentId">The note it replies to, if any.</param>
/// <param name="Author">Display name of the writer.</param>
/// <param name="At">When it was written.</param>
/// <param name="Body">The text.</param>
public sealed record ExportNote(int Id, int? ParentId, string Author, DateTimeOffset At, string Body);

/// <summary>One claim with everything the desk knows about it.</summary>
/// <param name="Article">The article it is in.</param>
/// <param name="Id">Claim id.</param>
/// <param name="Start">Start, as a UTF-16 offset into <see cref="ExportArticle.Body"/>.</param>
/// <param name="End">End (exclusive), as a UTF-16 offset into <see cref="ExportArticle.Body"/>.</param>
/// <param name="Exact">The claim text.</param>
/// <param name="Prefix">Text just before it.</param>
/// <param name="Suffix">Text just after it.</param>
/// <param name="Claimant">Who made the claim, when known.</param>
/// <param name="Type">Claim type (for example <c>statistic</c>).</param>
/// <param name="Score">Check-worthiness score from 0 to 1.</param>
/// <param name="Reasons">Why the claim was suggested.</param>
/// <param name="State">Workflow state, camelCase as in the API (see <see cref="WorkflowStates.ApiName"/>).</param>
/// <param name="Verdict">Verdict key on the desk's scale, or null while there is none.</param>
/// <param name="Conclusion">The one-sentence conclusion.</param>
/// <param name="Evidence">Sources, redacted ones included (exporters withhold them).</param>
/// <param name="Notes">Notes in thread order.</param>
/// <param name="CheckedBy">Display names of whoever set its verdict and its conclusion (not whoever only imported or assigned it).</param>
/// <param name="Assignee">Display name of the reviewer it is assigned to.</param>
/// <param name="UpdatedAt">Last change.</param>
/// <param name="CreatedAt">When the claim was added, when known (W3C <c>created</c>).</param>
/// <param name="Tags">Tags on the claim, when any (W3C <c>tagging</c> bodies).</param>
/// <param name="SignedOff">The sign-off that made the claim final, when there was one.</param>
public sealed record ExportClaim(ExportArticle Article, int Id, int Start, int End, string Exact, string Prefix, string Suffix,
    string? Claimant, string Type, double Score, IReadOnlyList<string> Reasons, string State, string? Verdict, string? Conclusion,
    IReadOnlyList<ExportEvidence> Evidence, IReadOnlyList<ExportNote> Notes, IReadOnlyList<string> CheckedBy, string? Assignee,
    DateTimeOffset UpdatedAt, DateTimeOffset? CreatedAt = null, IReadOnlyList<string>? Tags = null, ExportSignOff? SignedOff = null);

/// <summary>One entry of the corrections log.</summary>
/// <param name="Article">The article corrected.</param>
/// <param name="ClaimId">The claim concerned, if any.</param>
/// <param name="At">When the correction was made.</param>
/// <param name="Author">Who made it.</param>
/// <param name="What">What changed.</param>
/// <param name="Why">Why it changed.</param>
public sealed record ExportCorrection(ExportArticle Article, int? ClaimId, DateTimeOffset At, string Author, string What, string Why);

/// <summary>What every export needs to know besides the claims.</summary>
/// <param name="PublisherName">The desk or newsroom publishing the fact-checks (ClaimReview <c>author</c>).</param>
/// <param name="PublisherUrl">The publisher's home page.</param>
/// <param name="BaseUrl">FactDesk's base URL, ending with a slash; annotation and verdict IRIs are made from it.</param>
/// <param name="Scale">The desk's verdict scale.</param>
/// <param name="GeneratedAt">When the export was made (fixed in tests).</param>
/// <param name="Title">A title for the export, for example the article title or "Filtered export".</param>
/// <param name="ExportUri">The URL this export is served at; the W3C AnnotationCollection's id. Made from <paramref name="BaseUrl"/> when null.</param>
/// <param name="ClaimReviewSignedOffOnly">ClaimReview publishes only signed-off claims (otherwise also claims Done with a verdict).</param>
/// <param name="Words">The printed report's words in the requesting person's language; English when null.</param>
public sealed record ExportContext(string PublisherName, Uri PublisherUrl, Uri BaseUrl, VerdictScale Scale, DateTimeOffset GeneratedAt,
    string? Title, Uri? ExportUri = null, bool ClaimReviewSignedOffOnly = false, ReportWords? Words = null)
{
    /// <summary>The printed report's words (English unless the caller gives its person's).</summary>
    public ReportWords Report => Words ?? ReportWords.English;
}

/// <summary>The formats FactDesk exports.</summary>
public enum ExportFormat
{
    /// <summary>schema.org ClaimReview JSON-LD, one review per claim with a verdict.</summary>
    ClaimReview,
    /// <summary>W3C Web Annotation JSON-LD: an AnnotationCollection with AnnotationPages.</summary>
    W3C,
    /// <summary>RFC 4180 CSV, one row per claim.</summary>
    Csv,
    /// <summary>A readable Markdown report.</summary>
    Markdown,
    /// <summary>A printable, self-contained HTML report.</summary>
    Html,
}
