using FactDesk.Core.Verdicts;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FactDesk.Core.Export;

/// <summary>
/// schema.org ClaimReview JSON-LD as Google's fact-check markup documents it: one <c>@graph</c> with one ClaimReview
/// per claim whose review is finished — Done with a verdict, or signed off (only signed off, as the desk chooses) — and
/// whose article has a public fact-check URL, which is the review's <c>url</c>. A claim still being worked on must not be
/// published as reviewed, and the desk's own (signed-in) pages are no public URL.
/// </summary>
/// <remarks>
/// <c>claimReviewed</c> is kept within Google's recommended 75 characters: a longer claim is shortened at a word
/// boundary with "…", and the full claim text is always in <c>itemReviewed.text</c> so nothing is lost.
/// </remarks>
internal static partial class ClaimReviewWriter
{
    public static async Task WriteAsync(Stream output, IAsyncEnumerable<ExportClaim> claims, ExportContext context, CancellationToken cancellationToken)
    {
        await using var w = JsonOutput.Create(output);
        w.WriteStartObject();
        w.WriteString("@context", "https://schema.org");
        w.WriteStartArray("@graph");
        await foreach (var claim in claims.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!Publishable(claim, context) || ExportText.HttpUrl(claim.Article.FactCheckUrl) is null) continue;
            WriteReview(w, claim, context);
            await JsonOutput.FlushIfFullAsync(w, cancellationToken).ConfigureAwait(false);
        }
        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteReview(Utf8JsonWriter w, ExportClaim claim, ExportContext context)
    {
        var article = claim.Article;
        var verdict = ExportText.Verdict(context, claim.Verdict);
        w.WriteStartObject();
        w.WriteString("@type", "ClaimReview");
        w.WriteString("url", ExportText.HttpUrl(article.FactCheckUrl)!.AbsoluteUri);
        w.WriteString("claimReviewed", ExportText.Shorten(claim.Exact, ExportText.ClaimReviewedMaxLength));
        w.WriteIfPresent("reviewBody", claim.Conclusion);
        w.WriteString("datePublished", ExportText.IsoDate(claim.SignedOff?.At ?? claim.UpdatedAt));
        w.WriteStartObject("author");
        w.WriteString("@type", "Organization");
        w.WriteString("name", context.PublisherName);
        w.WriteString("url", context.PublisherUrl.AbsoluteUri);
        w.WriteEndObject();

        w.WriteStartObject("reviewRating");
        w.WriteString("@type", "Rating");
        w.WriteString("alternateName", verdict?.Label ?? claim.Verdict);
        // a rating off the ordinal scale (opinion, unverifiable) has no honest number: Google then reads alternateName only
        if (verdict?.Ordinal is int ordinal && context.Scale.BestRating is int best && context.Scale.WorstRating is int worst)
        {
            w.WriteNumber("ratingValue", ordinal);
            w.WriteNumber("bestRating", best);
            w.WriteNumber("worstRating", worst);
        }
        w.WriteEndObject();

        w.WriteStartObject("itemReviewed");
        w.WriteString("@type", "Claim");
        w.WriteString("text", ExportText.CollapseWhitespace(claim.Exact));
        WriteClaimAuthor(w, claim);
        if (article.PublishedAt is { } published) w.WriteString("datePublished", ExportText.IsoDate(published));
        WriteAppearance(w, "appearance", article);
        // FactDesk only knows the article the claim was found in; it is the earliest appearance the desk can vouch for
        WriteAppearance(w, "firstAppearance", article);
        w.WriteEndObject();

        w.WriteEndObject();
    }

    /// <summary>Whether a claim's review is finished enough to publish: a verdict, and Done or signed off (or only signed off).</summary>
    public static bool Publishable(ExportClaim claim, ExportContext context) =>
        !string.IsNullOrWhiteSpace(claim.Verdict)
        && (claim.SignedOff is not null || (!context.ClaimReviewSignedOffOnly && claim.State == WorkflowState.Done.ApiName()));

    /// <summary>The claim's anchor on the article's FactDesk page.</summary>
    public static string ClaimUrl(ExportClaim claim)
    {
        var b = new UriBuilder(claim.Article.PageUri) { Fragment = $"claim-{claim.Id}" };
        return b.Uri.AbsoluteUri;
    }

    private static void WriteClaimAuthor(Utf8JsonWriter w, ExportClaim claim)
    {
        var article = claim.Article;
        if (!string.IsNullOrWhiteSpace(claim.Claimant))
        {
            w.WriteStartObject("author");
            w.WriteString("@type", LooksLikeOrganization(claim.Claimant, article.Outlet) ? "Organization" : "Person");
            w.WriteString("name", claim.Claimant.Trim());
            w.WriteEndObject();
        }
        else if (!string.IsNullOrWhiteSpace(article.Outlet))
        {
            // an unattributed statement is the outlet's own claim
            w.WriteStartObject("author");
            w.WriteString("@type", "Organization");
            w.WriteString("name", article.Outlet.Trim());
            w.WriteEndObject();
        }
    }

    private static void WriteAppearance(Utf8JsonWriter w, string name, ExportArticle article)
    {
        w.WriteStartObject(name);
        w.WriteString("@type", "NewsArticle");
        // the canonical address: an AMP or tracking-tagged copy's address is not the one search engines know the story by
        if (ExportText.HttpUrl(article.CitedUrl) is { } url) w.WriteString("url", url.AbsoluteUri);
        w.WriteString("headline", article.Title);
        if (article.PublishedAt is { } published) w.WriteString("datePublished", ExportText.IsoDate(published));
        if (article.ModifiedAt is { } modified) w.WriteString("dateModified", ExportText.IsoDate(modified));
        w.WriteIfPresent("inLanguage", article.Language);
        if (!string.IsNullOrWhiteSpace(article.Author))
        {
            w.WriteStartObject("author");
            w.WriteString("@type", "Person");
            w.WriteString("name", article.Author.Trim());
            w.WriteEndObject();
        }
        if (!string.IsNullOrWhiteSpace(article.Outlet))
        {
            w.WriteStartObject("publisher");
            w.WriteString("@type", "Organization");
            w.WriteString("name", article.Outlet.Trim());
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>
    /// The desk records a claimant as a name only; schema.org wants Person or Organization. Institutions are recognised by
    /// the words institutions are named with; everything else is taken for a person. A guess, but a conservative one.
    /// </summary>
    internal static bool LooksLikeOrganization(string claimant, string? outlet) =>
        string.Equals(claimant.Trim(), outlet?.Trim(), StringComparison.OrdinalIgnoreCase) || OrganizationWords().IsMatch(claimant);

    [GeneratedRegex(@"\b(?:ministry|ministries|department|council|authority|agency|office|government|commission|committee|party|police|army|bank|university|institute|association|union|company|corporation|corp|inc|ltd|plc|llc|gmbh|group|foundation|organi[sz]ation|court|parliament|senate|congress|assembly|board|bureau|service|news|press|times|post|guardian|reuters|bbc|cnn|nhs|un|eu|nato|imf|ons|kremlin|white house|міністерство|уряд|министерство|правительство)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OrganizationWords();
}
