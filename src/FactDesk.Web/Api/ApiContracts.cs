namespace FactDesk.Web.Api;

/// <summary>POST /api/articles: exactly one of text, html or markdown, with an optional url (the article's address, not fetched); or a url alone, fetched.</summary>
public sealed record ImportArticleRequest(
    string? Text,
    string? Html,
    string? Markdown,
    string? Url,
    string? Title,
    string? Outlet,
    string? Author,
    DateTimeOffset? PublishedAt,
    string? Language);

/// <param name="Notice">Set when the import kept fewer suggestions than it found (FactDesk:Claims:MaxSuggestions).</param>
public sealed record ImportArticleResponse(int Id, string Title, int SuggestedClaims, int RemovedBlocks, string Location, string? Notice = null);

public sealed record AddClaimRequest(int Start, int End);

public sealed record VersionedRequest(int Version);

public sealed record SplitClaimRequest(int Version, int At);

public sealed record MergeClaimsRequest(int FirstId, int FirstVersion, int SecondId, int SecondVersion);

public sealed record AddEvidenceRequest(string? Url, string? Description, string? Excerpt, string? Stance, DateOnly? AccessedOn, bool Redacted);

public sealed record AddNoteRequest(string? Body, int? ParentId);

public sealed record CreateTokenRequest(string? Name, int? ExpiresInDays);

public sealed record CreateTokenResponse(int Id, string Name, string Token, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

public sealed record VerdictInfo(string Key, string Label, int? Ordinal, string Color);

public sealed record MarkReadRequest(long[]? Ids);
