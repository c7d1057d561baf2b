using FactDesk.Web.Data;
using Microsoft.EntityFrameworkCore;
using FactDesk.Web.Localization;
using FactDesk.Web.Features.Review.Reading;

namespace FactDesk.Web.Features.Review.Writing;

public sealed partial class ReviewService
{
    /// <summary>
    /// Sets (or, with an empty value, clears) the public page where the desk publishes its fact-check of an article
    /// (ClaimReview's <c>url</c>), as a change on the article's journal: checked, stored with its Event, and shown live.
    /// It is publishing information, so it may be set after sign-off (that is when it is usually known).
    /// </summary>
    public Task<WriteResult<string?>> SetFactCheckUrlAsync(Actor actor, int articleId, string? url, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => SetFactCheckUrlCoreAsync(actor, articleId, url, cancellationToken));

    private async Task<WriteResult<string?>> SetFactCheckUrlCoreAsync(Actor actor, int articleId, string? url, CancellationToken cancellationToken)
    {
        if (!actor.IsEditor) return WriteResult<string?>.Forbidden(Say.Text("Publish.EditorsOnly"));
        var value = string.IsNullOrWhiteSpace(url) ? null : url.Trim();
        if (value is not null && (value.Length > 2048 || !Uri.TryCreate(value, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")))
            return WriteResult<string?>.Invalid(Say.Text("Publish.FullAddress"));
        if (value is not null && new Uri(value).UserInfo.Length > 0)
            return WriteResult<string?>.Invalid(Say.Text("Publish.Credentials"));
        var result = await WriteArticleAsync(actor, articleId, async (ctx, ct) =>
        {
            // The journal's article is a stub holding the Event counter: read the stored value beside it.
            var before = await ctx.Db.Articles.AsNoTracking().Where(a => a.Id == articleId).Select(a => a.FactCheckUrl).SingleAsync(ct);
            if (before == value) return null;
            ctx.Article.FactCheckUrl = value;
            ctx.Db.Entry(ctx.Article).Property(a => a.FactCheckUrl).IsModified = true;
            ctx.Record(EventKinds.FactCheckUrlSet, null, new { url = before }, new { url = value });
            return null;
        }, cancellationToken);
        return result.Ok ? WriteResult<string?>.Success(value) : new WriteResult<string?>(result.Status, Message: result.Message);
    }
}
