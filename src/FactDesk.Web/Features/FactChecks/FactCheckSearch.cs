using FactDesk.Core.Matching;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Features.FactChecks;

/// <summary>One search result or match: an imported fact-check (<c>collection</c>) or a rated claim of the desk (<c>desk</c>).</summary>
public sealed record FactCheckResult(
    string Url, string ClaimReviewed, string? Rating, string? Publisher, DateTimeOffset? DatePublished, double Score, string Kind,
    string Strength, string? Headline = null, string? Collection = null, int? ClaimId = null, int? ArticleId = null, string? Verdict = null);

/// <summary>A search answer: ranked results and how far indexing has come.</summary>
public sealed record FactCheckSearchResponse(string Query, IReadOnlyList<FactCheckResult> Results, IndexProgress Indexing);

/// <summary>
/// Searches fact-checks and the desk's rated claims with the hybrid matcher, then reads what to show for the hits
/// from the database (so a deleted collection's items never show, and ratings are current).
/// </summary>
public sealed class FactCheckSearch(IDbContextFactory<FactDeskDbContext> dbFactory, FactCheckIndex index, FactCheckIndexer indexer, VerdictScale scale, IOptions<FactDeskOptions> options)
{
    public const int MaxTake = 50;

    /// <summary>The best matches for <paramref name="text"/>; <paramref name="excludeArticleId"/> leaves out the desk's claims on that article.</summary>
    public async Task<IReadOnlyList<FactCheckResult>> SearchAsync(string text, int take, string? language, int? excludeArticleId, int? excludeClaimId, CancellationToken cancellationToken)
    {
        take = Math.Clamp(take, 1, MaxTake);
        if (index.Vectors.Count == 0) return [];
        // a few more than asked: some may be on the excluded article or already deleted
        var ranked = index.Matcher.Search(text, take + 10, language, cancellationToken);
        return (await ResolveAsync([(ranked, excludeClaimId)], take, excludeArticleId, cancellationToken))[0];
    }

    /// <summary>
    /// The matches of many claims of one article at once, "related" or stronger (the claim list's markers): one
    /// embedding run for all and one database read for all hits, so a 500-claim article is matched in one pass.
    /// </summary>
    public Task<IReadOnlyList<IReadOnlyList<FactCheckResult>>> MatchManyAsync(int articleId, IReadOnlyList<(int ClaimId, string Text)> claims, string? language, int take, CancellationToken cancellationToken) =>
        MatchManyAsync(articleId, claims, language, take, null, cancellationToken);

    /// <summary>As <see cref="MatchManyAsync(int, IReadOnlyList{ValueTuple{int, string}}, string?, int, CancellationToken)"/>, with
    /// the claims' query embeddings computed beforehand (<see cref="HybridMatcher.EmbedQueries(IReadOnlyList{string}, CancellationToken)"/>) when given.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<FactCheckResult>>> MatchManyAsync(int articleId, IReadOnlyList<(int ClaimId, string Text)> claims, string? language, int take, float[][]? embeddings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        take = Math.Clamp(take, 1, MaxTake);
        if (index.Vectors.Count == 0 || claims.Count == 0) return claims.Select(_ => (IReadOnlyList<FactCheckResult>)[]).ToList();
        var ranked = index.Matcher.SearchMany(claims.Select(c => c.Text).ToList(), take + 10, language, embeddings, cancellationToken);
        var resolved = await ResolveAsync(ranked.Select((r, i) => (r, (int?)claims[i].ClaimId)).ToList(), take, articleId, cancellationToken);
        return resolved.Select(r => (IReadOnlyList<FactCheckResult>)r.Where(m => m.Strength != "weak").ToList()).ToList();
    }

    // Reads what to show for the hits of every query in one go: current ratings, nothing from deleted collections.
    private async Task<List<IReadOnlyList<FactCheckResult>>> ResolveAsync(IReadOnlyList<(IReadOnlyList<RankedMatch> Ranked, int? ExcludeClaimId)> queries, int take, int? excludeArticleId, CancellationToken cancellationToken)
    {
        var related = index.Matcher.Weights.Related;
        var same = index.Matcher.Weights.SameClaim;
        var factIds = queries.SelectMany(q => q.Ranked).Where(r => r.Key > 0).Select(r => r.Key).Distinct().ToList();
        var claimIds = queries.SelectMany(q => q.Ranked).Where(r => r.Key < 0).Select(r => (int)-r.Key).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var facts = new Dictionary<long, (string Url, string ClaimReviewed, string? Headline, string? Rating, string? Publisher, DateTimeOffset? DatePublished, string Collection)>();
        foreach (var part in factIds.Chunk(500))
        {
            var rows = await db.Set<FactCheck>().AsNoTracking().Where(f => part.Contains(f.Id))
                .Join(db.Set<FactCheckCollection>(), f => f.CollectionId, c => c.Id, (f, c) => new { f.Id, f.Url, f.ClaimReviewed, f.Headline, f.Rating, f.Publisher, f.DatePublished, Collection = c.Name })
                .ToListAsync(cancellationToken);
            foreach (var f in rows) facts[f.Id] = (f.Url, f.ClaimReviewed, f.Headline, f.Rating, f.Publisher, f.DatePublished, f.Collection);
        }
        var claims = claimIds.Count == 0 ? [] : await db.Claims.AsNoTracking().Where(c => claimIds.Contains(c.Id) && c.Verdict != null && !c.Dismissed)
            .Select(c => new { c.Id, c.ArticleId, c.Exact, c.Verdict, c.UpdatedAt }).ToDictionaryAsync(c => c.Id, cancellationToken);
        var publisher = options.Value.Publisher.Name;
        var answers = new List<IReadOnlyList<FactCheckResult>>(queries.Count);
        foreach (var (ranked, excludeClaimId) in queries)
        {
            var results = new List<FactCheckResult>(take);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in ranked)
            {
                var strength = r.Score >= same ? "same" : r.Score >= related ? "related" : "weak";
                FactCheckResult? result = null;
                if (r.Key > 0 && facts.TryGetValue(r.Key, out var f))
                    result = new FactCheckResult(f.Url, f.ClaimReviewed, f.Rating, f.Publisher, f.DatePublished, Math.Round(r.Score, 4), "collection", strength, f.Headline, f.Collection);
                else if (r.Key < 0 && claims.TryGetValue((int)-r.Key, out var c) && c.ArticleId != excludeArticleId && c.Id != excludeClaimId)
                    result = new FactCheckResult($"/articles/{c.ArticleId}?claim={c.Id}", c.Exact, scale.Find(c.Verdict)?.Label ?? c.Verdict, publisher, c.UpdatedAt,
                        Math.Round(r.Score, 4), "desk", strength, ClaimId: c.Id, ArticleId: c.ArticleId, Verdict: c.Verdict);
                if (result is null || !seen.Add(result.Url)) continue;
                results.Add(result);
                if (results.Count == take) break;
            }
            answers.Add(results);
        }
        return answers;
    }

    /// <summary>The matches of a claim: similar fact-checks and rated claims on other articles, "related" or stronger.</summary>
    public async Task<IReadOnlyList<FactCheckResult>?> MatchesForClaimAsync(int claimId, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claim = await db.Claims.AsNoTracking().Where(c => c.Id == claimId)
            .Select(c => new { c.Id, c.ArticleId, c.Exact, c.Article!.Language }).FirstOrDefaultAsync(cancellationToken);
        if (claim is null) return null;
        var results = await SearchAsync(claim.Exact, take, claim.Language, claim.ArticleId, claim.Id, cancellationToken);
        return results.Where(r => r.Strength != "weak").ToList();
    }

    public IndexProgress Progress => indexer.Progress;
}
