using System.Text.Json;
using FactDesk.Core.Anchoring;
using FactDesk.Core.Export;

namespace FactDesk.Core.Tests.Export;

public class ExportBehaviourTests
{
    private static readonly string[] RedactedBits = ["whistle.example", "Leaked memo", "the real figure is higher"];

    [Theory]
    [InlineData(ExportFormat.ClaimReview)]
    [InlineData(ExportFormat.W3C)]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Markdown)]
    [InlineData(ExportFormat.Html)]
    public async Task WriteAsync_AnyFormat_NeverContainsRedactedEvidence(ExportFormat format)
    {
        var output = await ExportFixture.ExportAsync(format);
        foreach (var bit in RedactedBits) Assert.DoesNotContain(bit, output);
    }

    [Theory]
    [InlineData(ExportFormat.Markdown)]
    [InlineData(ExportFormat.Html)]
    public async Task WriteAsync_Report_SaysASourceWasWithheld(ExportFormat format) =>
        Assert.Contains("1 source withheld", await ExportFixture.ExportAsync(format));

    [Fact]
    public async Task W3C_Positions_CountCodePointsNotUtf16Units()
    {
        using var doc = JsonDocument.Parse(await ExportFixture.ExportAsync(ExportFormat.W3C));
        var items = doc.RootElement.GetProperty("first").GetProperty("items").EnumerateArray().ToList();
        foreach (var claim in ExportFixture.Claims())
        {
            var annotation = items.Single(a => a.GetProperty("id").GetString() == $"https://factdesk.example/annotations/{claim.Id}");
            var position = annotation.GetProperty("target").GetProperty("selector")[1];
            var body = claim.Article.Body;
            Assert.Equal(CodePoints.FromUtf16(body, claim.Start), position.GetProperty("start").GetInt32());
            Assert.Equal(CodePoints.FromUtf16(body, claim.End), position.GetProperty("end").GetInt32());
            // counted independently: the code points of the text before the claim
            Assert.Equal(body[..claim.Start].EnumerateRunes().Count(), position.GetProperty("start").GetInt32());
        }
        var claim3 = ExportFixture.Claims().Single(c => c.Id == 3);
        var p3 = items[2].GetProperty("target").GetProperty("selector")[1];
        // the claim holds 👍🏽: 4 UTF-16 units, 2 code points
        Assert.Equal(claim3.End - claim3.Start - 2, p3.GetProperty("end").GetInt32() - p3.GetProperty("start").GetInt32());
        var p4 = items[3].GetProperty("target").GetProperty("selector")[1];
        Assert.Equal(ExportFixture.Claims().Single(c => c.Id == 4).Start - 2, p4.GetProperty("start").GetInt32());
    }

    [Fact]
    public async Task ClaimReview_OnlyFinishedReviews_RatingNumbersOnlyForOrdinalVerdicts()
    {
        using var doc = JsonDocument.Parse(await ExportFixture.ExportAsync(ExportFormat.ClaimReview));
        var reviews = doc.RootElement.GetProperty("@graph").EnumerateArray().ToList();
        // Done with a verdict (1, 3, 5) or signed off (6); not the one without a verdict (4), not one still in a second check (2).
        Assert.Equal([1, 3, 5, 6], reviews.Select(ClaimOf).ToList());
        var unverifiable = reviews.Single(r => ClaimOf(r) == 3).GetProperty("reviewRating");
        Assert.Equal("Unverifiable", unverifiable.GetProperty("alternateName").GetString());
        Assert.False(unverifiable.TryGetProperty("ratingValue", out _));
        var mostlyTrue = reviews[0].GetProperty("reviewRating");
        Assert.Equal(5, mostlyTrue.GetProperty("ratingValue").GetInt32());
        Assert.InRange(mostlyTrue.GetProperty("ratingValue").GetInt32(), mostlyTrue.GetProperty("worstRating").GetInt32(), mostlyTrue.GetProperty("bestRating").GetInt32());
    }

    [Fact]
    public async Task ClaimReview_LongClaim_ShortenedAtWordWithFullTextKept()
    {
        using var doc = JsonDocument.Parse(await ExportFixture.ExportAsync(ExportFormat.ClaimReview));
        var review = doc.RootElement.GetProperty("@graph").EnumerateArray().Single(r => ClaimOf(r) == 5);
        var shortened = review.GetProperty("claimReviewed").GetString()!;
        Assert.EndsWith("…", shortened);
        Assert.True(shortened.EnumerateRunes().Count() <= 75);
        Assert.StartsWith(shortened[..^1], ExportFixture.Claims().Single(c => c.Id == 5).Exact);
        Assert.Equal(ExportFixture.Claims().Single(c => c.Id == 5).Exact, review.GetProperty("itemReviewed").GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("short claim", "short claim")]
    [InlineData("👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽", "👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽…")]
    public void Shorten_Text_NeverSplitsGraphemesAndStaysWithin75CodePoints(string text, string expected)
    {
        var shortened = ExportText.Shorten(text, 75);
        Assert.Equal(expected, shortened);
        Assert.True(shortened.EnumerateRunes().Count() <= 75);
    }

    [Fact]
    public async Task Html_DeskText_IsEncodedAndLinksAreHttpOnly()
    {
        var evil = ExportFixture.Claims()[0] with
        {
            Conclusion = "<script>alert(1)</script>",
            Evidence = [new("javascript:alert(1)", "<b>bold</b>", null, "supports", null, false)],
        };
        var html = await ExportFixture.ExportAsync(ExportFormat.Html, [evil]);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("href=\"javascript:", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("@media print", html);
    }

    [Fact]
    public async Task Html_Chart_ShowsLabelAndCountNotColourAlone()
    {
        var html = await ExportFixture.ExportAsync(ExportFormat.Html);
        Assert.Contains("<th scope=\"row\">Mostly true</th>", html);
        Assert.Contains("<td class=\"count\">1</td>", html);
    }

    [Fact]
    public async Task Markdown_DeskText_CannotBecomeMarkup()
    {
        var claim = ExportFixture.Claims()[0] with { Conclusion = "# not a heading [link](javascript:x) <img src=x>", Exact = "1. not a list" };
        var md = await ExportFixture.ExportAsync(ExportFormat.Markdown, [claim]);
        Assert.Contains("**Conclusion:** # not a heading \\[link\\](javascript:x) \\<img src=x\\>", md);
        Assert.Contains("> 1\\. not a list", md);
    }

    [Fact]
    public void ContentTypeAndExtension_EveryFormat_Defined()
    {
        foreach (var f in Enum.GetValues<ExportFormat>())
        {
            Assert.NotEmpty(Exporters.ContentType(f));
            Assert.StartsWith(".", Exporters.FileExtension(f));
            Assert.True(Exporters.TryParse(f.ToString(), out var parsed));
            Assert.Equal(f, parsed);
        }
    }

    /// <summary>Which fixture claim a ClaimReview is about (its full text is in itemReviewed).</summary>
    private static int ClaimOf(JsonElement review) =>
        ExportFixture.Claims().Single(c => c.Exact == review.GetProperty("itemReviewed").GetProperty("text").GetString()).Id;

    [Fact]
    public async Task ClaimReview_Url_IsTheArticlesPublicFactCheckNotTheDesk()
    {
        using var doc = JsonDocument.Parse(await ExportFixture.ExportAsync(ExportFormat.ClaimReview));
        var reviews = doc.RootElement.GetProperty("@graph").EnumerateArray().ToList();
        Assert.All(reviews.Where(r => ClaimOf(r) <= 4), r => Assert.Equal("https://harbourfacts.example/checks/tunnel-costs", r.GetProperty("url").GetString()));
        Assert.All(reviews, r => Assert.DoesNotContain("factdesk.example", r.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task ClaimReview_Appearance_CitesTheCanonicalUrlAndTheModifiedDate()
    {
        var modified = new DateTimeOffset(2025, 3, 3, 17, 45, 0, TimeSpan.Zero);
        var claims = ExportFixture.Claims().Select(c => c.Article.Id == 101
            ? c with { Article = c.Article with { Url = "https://amp.gazette.example/amp/tunnel-costs?utm_source=feed", CanonicalUrl = "https://gazette.example/news/tunnel-costs", ModifiedAt = modified } }
            : c).ToList();

        using var doc = JsonDocument.Parse(await ExportFixture.ExportAsync(ExportFormat.ClaimReview, claims));

        var reviews = doc.RootElement.GetProperty("@graph").EnumerateArray().ToList();
        var appearance = reviews.First(r => ClaimOf(r) == 1).GetProperty("itemReviewed").GetProperty("appearance");
        Assert.Equal("https://gazette.example/news/tunnel-costs", appearance.GetProperty("url").GetString());
        Assert.Equal("2025-03-03", appearance.GetProperty("dateModified").GetString());
        // an article without a canonical address is cited by the address it was read from
        var other = reviews.First(r => ClaimOf(r) == 5).GetProperty("itemReviewed").GetProperty("appearance");
        Assert.False(other.TryGetProperty("dateModified", out _));
    }

    [Fact]
    public async Task ClaimReview_ArticleWithoutPublicUrl_PublishesNothingOfIt()
    {
        var claims = ExportFixture.Claims().Select(c => c.Article.Id == 101 ? c with { Article = c.Article with { FactCheckUrl = null } } : c).ToList();

        using var doc = JsonDocument.Parse(await ExportFixture.ExportAsync(ExportFormat.ClaimReview, claims));

        Assert.Equal([5, 6], doc.RootElement.GetProperty("@graph").EnumerateArray().Select(ClaimOf).ToList());
    }

    [Fact]
    public async Task ClaimReview_SignedOffOnlySetting_PublishesOnlySignedOffClaims()
    {
        using var doc = JsonDocument.Parse(await ExportFixture.ExportAsync(ExportFormat.ClaimReview, context: ExportFixture.Context() with { ClaimReviewSignedOffOnly = true }));

        var review = Assert.Single(doc.RootElement.GetProperty("@graph").EnumerateArray());
        Assert.Equal(6, ClaimOf(review));
        Assert.Equal("2025-03-05", review.GetProperty("datePublished").GetString());
    }

    [Theory]
    [InlineData(ExportFormat.Html)]
    [InlineData(ExportFormat.Markdown)]
    public async Task Report_SignedOffClaim_SaysWhoSignedOffAndWhen(ExportFormat format)
    {
        var report = await ExportFixture.ExportAsync(format);

        Assert.Contains("by Erin Editor, 2025-03-05", report);
        Assert.Contains("not yet", report);
    }
}
