using FactDesk.Web.Data;

namespace FactDesk.Web.Features.Review.Reading;

internal static class ClaimProjections
{
    // The final Select may call client code (SplitReasons); everything else translates to SQL.
    // Evidence gathered in a blind first pass is not counted: the count alone would tell others it exists.
    public static IQueryable<ClaimDto> ToDto(this IQueryable<Claim> claims) => claims.Select(c => new ClaimDto(
        c.Id, c.ArticleId, c.Version, c.Start, c.End, c.Exact, c.Prefix, c.Suffix, c.Score,
        SplitReasons(c.Reasons), c.Type, c.Origin, c.Dismissed, c.State, c.Verdict, c.Conclusion, c.Claimant,
        c.AssigneeId, c.Assignee != null ? c.Assignee.DisplayName : null,
        c.Evidence.Count(e => e.BlindOwnerId == null), c.Notes.Count(n => n.BlindOwnerId == null), c.UpdatedAt, c.Orphaned, c.Locked));

    /// <summary>
    /// The same <see cref="ClaimDto"/> as <see cref="ToDto(IQueryable{Claim})"/>, from a claim already loaded with its
    /// counts and assignee's name (the group-commit writer reads those with the claim instead of querying again).
    /// </summary>
    public static ClaimDto ToDto(Claim c, string? assigneeName, int evidenceCount, int noteCount) => new(
        c.Id, c.ArticleId, c.Version, c.Start, c.End, c.Exact, c.Prefix, c.Suffix, c.Score,
        SplitReasons(c.Reasons), c.Type, c.Origin, c.Dismissed, c.State, c.Verdict, c.Conclusion, c.Claimant,
        c.AssigneeId, c.AssigneeId is null ? null : assigneeName,
        evidenceCount, noteCount, c.UpdatedAt, c.Orphaned, c.Locked);

    public static IReadOnlyList<string> SplitReasons(string reasons) => reasons.Length == 0 ? [] : reasons.Split('\n');

    public static IQueryable<EvidenceDto> ToDto(this IQueryable<Evidence> evidence) => evidence.Select(e => new EvidenceDto(
        e.Id, e.ClaimId, e.Url, e.Description, e.Excerpt, e.Stance, e.AccessedOn, e.Redacted,
        e.CreatedBy != null ? e.CreatedBy.DisplayName : "", e.CreatedAt));

    public static IQueryable<NoteDto> ToDto(this IQueryable<Note> notes) => notes.Select(n => new NoteDto(
        n.Id, n.ClaimId, n.ParentId, n.Body, n.AuthorId, n.Author != null ? n.Author.DisplayName : "", n.CreatedAt));
}
