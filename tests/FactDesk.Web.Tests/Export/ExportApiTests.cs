using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactDesk.Web.Tests.Infrastructure;

namespace FactDesk.Web.Tests.Export;

[Collection(ApiCollection.Name)]
public sealed class ExportApiTests(ApiFixture fixture)
{
    private const string Article = """
        Ministers met in Riyadh on February 18, officials told Reuters.

        Unemployment fell to 3.5% in March, according to the statistics office 👍🏽.

        The council approved a budget of $4.2 million on Tuesday, the mayor said.

        У Києві 23 лютого відкрили виставку, повідомили в міській раді.
        """;

    private HttpClient Editor => fixture.EditorClient;

    [Theory]
    [InlineData("claimreview", "application/ld+json")]
    [InlineData("w3c", "application/ld+json")]
    [InlineData("csv", "text/csv")]
    [InlineData("markdown", "text/markdown")]
    [InlineData("html", "text/html")]
    public async Task ExportArticle_EachFormat_DownloadsWithTypeAndFileName(string format, string mediaType)
    {
        var (articleId, claim) = await RatedArticleAsync();

        using var response = await Editor.GetAsync($"/api/articles/{articleId}/export?format={format}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        // The HTML report opens in the browser for its print view; everything else downloads.
        Assert.Equal(format == "html" ? "inline" : "attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.False(string.IsNullOrEmpty(response.Content.Headers.ContentDisposition?.FileName));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("Riyadh", text);
        Assert.DoesNotContain("secret-informant.example", text);
        if (format is "claimreview" or "w3c") JsonDocument.Parse(text);
        _ = claim;
    }

    [Fact]
    public async Task ExportClaimReview_RatedClaim_CarriesRequiredFields()
    {
        var (articleId, claim) = await RatedArticleAsync();
        // Without a public fact-check page the export says which claims cannot be published.
        using (var clear = await Editor.PutAsJsonAsync($"/api/articles/{articleId}/fact-check-url", new { url = "" }))
            Assert.Equal(HttpStatusCode.OK, clear.StatusCode);
        using (var missing = await Editor.GetAsync($"/api/articles/{articleId}/export?format=claimreview"))
        {
            Assert.Equal(HttpStatusCode.Conflict, missing.StatusCode);
            Assert.Contains("no public fact-check URL", await missing.Content.ReadAsStringAsync());
        }
        using (var set = await Editor.PutAsJsonAsync($"/api/articles/{articleId}/fact-check-url", new { url = "https://newsroom.example/fact-checks/unemployment" }))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        var json = JsonDocument.Parse(await Editor.GetStringAsync($"/api/articles/{articleId}/export?format=claimreview")).RootElement;

        var reviews = json.ValueKind == JsonValueKind.Array ? json.EnumerateArray().ToList() : json.GetProperty("@graph").EnumerateArray().ToList();
        var review = Assert.Single(reviews);
        Assert.Equal("ClaimReview", review.GetProperty("@type").GetString());
        Assert.Equal("Mostly false", review.GetProperty("reviewRating").GetProperty("alternateName").GetString());
        Assert.Equal("https://newsroom.example/fact-checks/unemployment", review.GetProperty("url").GetString());
        Assert.Equal(claim.GetProperty("text").GetString(), review.GetProperty("itemReviewed").GetProperty("text").GetString());
        Assert.True(review.GetProperty("claimReviewed").GetString()!.Length <= 76);
        Assert.Equal("Claim", review.GetProperty("itemReviewed").GetProperty("@type").GetString());
    }

    [Fact]
    public async Task ExportW3C_EmojiBeforeClaim_PositionsCountCodePoints()
    {
        var articleId = await Editor.ImportTextAsync(Article);
        var body = await Editor.GetBodyAsync(articleId);
        var budget = (await Editor.GetClaimsAsync(articleId)).Single(c => c.GetProperty("text").GetString()!.Contains("budget"));
        var utf16Start = budget.GetProperty("start").GetInt32();

        var json = JsonDocument.Parse(await Editor.GetStringAsync($"/api/articles/{articleId}/export?format=w3c")).RootElement;

        var annotation = json.GetProperty("first").GetProperty("items").EnumerateArray()
            .Single(a => a.GetProperty("target").GetProperty("selector").EnumerateArray().Any(s => s.TryGetProperty("exact", out var e) && e.GetString()!.Contains("budget")));
        var position = annotation.GetProperty("target").GetProperty("selector").EnumerateArray().Single(s => s.GetProperty("type").GetString() == "TextPositionSelector");
        var codePoints = body[..utf16Start].EnumerateRunes().Count();
        Assert.True(codePoints < utf16Start, "the fixture must have characters outside the BMP before the claim");
        Assert.Equal(codePoints, position.GetProperty("start").GetInt32());
    }

    [Fact]
    public async Task AnnotationsRoundTrip_ExportThenImportOntoFreshCopy_SameClaimsVerdictsEvidenceAndNotes()
    {
        var (source, claim) = await RatedArticleAsync();
        var w3c = await Editor.GetStringAsync($"/api/articles/{source}/export?format=w3c");
        var copy = await Editor.ImportTextAsync(Article);
        // The copy's suggested claims exist but carry nothing yet; the import fills the matching one.
        using var response = await Editor.PostAsync($"/api/articles/{copy}/annotations", new StringContent(w3c, Encoding.UTF8, "application/ld+json"));
        var result = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, result.ToString());

        var original = await Editor.GetClaimsAsync(source);
        var imported = await Editor.GetClaimsAsync(copy);
        Assert.Equal(original.Select(c => (c.GetProperty("start").GetInt32(), c.GetProperty("end").GetInt32())), imported.Select(c => (c.GetProperty("start").GetInt32(), c.GetProperty("end").GetInt32())));
        var match = imported.Single(c => c.GetProperty("start").GetInt32() == claim.GetProperty("start").GetInt32());
        Assert.Equal("mostly-false", match.GetProperty("verdict").GetString());
        Assert.Equal("The office's figure was 3.7%, not 3.5%.", match.GetProperty("conclusion").GetString());
        var detail = await Editor.GetJsonAsync($"/api/claims/{match.GetProperty("id").GetInt32()}");
        var evidence = detail.GetProperty("evidence").EnumerateArray().ToList();
        Assert.Contains(evidence, e => e.GetProperty("url").GetString() == "https://stats.example.org/march");
        Assert.DoesNotContain(evidence, e => e.GetProperty("url").GetString()?.Contains("secret-informant") == true);
        Assert.Contains(detail.GetProperty("notes").EnumerateArray(), n => n.GetProperty("body").GetString()!.Contains("Check the seasonal adjustment"));
    }

    [Fact]
    public async Task ImportAnnotations_MalformedJson_RefusedAndNothingStored()
    {
        var articleId = await Editor.ImportTextAsync(Article);
        var before = await Editor.GetEventsAsync(articleId);

        using var response = await Editor.PostAsync($"/api/articles/{articleId}/annotations", new StringContent("{\"type\": \"Annotation\", ", Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before.Length, (await Editor.GetEventsAsync(articleId)).Length);
    }

    [Fact]
    public async Task ImportAnnotations_WrongContext_RefusedWithClearMessage()
    {
        var articleId = await Editor.ImportTextAsync(Article);
        const string json = """{"@context":"https://schema.org","type":"Annotation","target":{"selector":{"type":"TextQuoteSelector","exact":"Riyadh"}}}""";

        using var response = await Editor.PostAsync($"/api/articles/{articleId}/annotations", new StringContent(json, Encoding.UTF8, "application/ld+json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("context", problem.Detail(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ImportAnnotations_TargetingAnotherSource_NothingImported()
    {
        var articleId = await Editor.ImportAsync(new { text = Article, title = "Riyadh" });
        var url = $"http://localhost/articles/{articleId}";
        const string json = """
            {"@context":"http://www.w3.org/ns/anno.jsonld","type":"Annotation","body":{"type":"TextualBody","purpose":"assessing","value":"False"},
             "target":{"source":"https://other.example.org/story","selector":{"type":"TextQuoteSelector","exact":"Ministers met in Riyadh"}}}
            """;
        var before = await Editor.GetClaimsAsync(articleId);

        using var response = await Editor.PostAsync($"/api/articles/{articleId}/annotations", new StringContent(json, Encoding.UTF8, "application/ld+json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("another source", problem.Detail());
        Assert.Equal(before.Select(c => c.GetProperty("version").GetInt32()), (await Editor.GetClaimsAsync(articleId)).Select(c => c.GetProperty("version").GetInt32()));
        _ = url;
    }

    [Fact]
    public async Task ImportAnnotations_QuoteNotInText_ListedAsOrphanNothingAttached()
    {
        var articleId = await Editor.ImportTextAsync(Article);
        const string json = """
            [{"@context":"http://www.w3.org/ns/anno.jsonld","type":"Annotation","body":{"type":"TextualBody","purpose":"assessing","value":"False"},
              "target":{"selector":[{"type":"TextQuoteSelector","exact":"The moon is made of cheese"},{"type":"TextPositionSelector","start":9000,"end":9020}]}},
             {"@context":"http://www.w3.org/ns/anno.jsonld","type":"Annotation","body":{"type":"TextualBody","purpose":"assessing","value":"True"},
              "target":{"selector":{"type":"TextQuoteSelector","exact":"the mayor said"}}}]
            """;

        using var response = await Editor.PostAsync($"/api/articles/{articleId}/annotations", new StringContent(json, Encoding.UTF8, "application/ld+json"));

        var result = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, result.ToString());
        var orphan = Assert.Single(result.GetProperty("orphans").EnumerateArray());
        Assert.Equal("The moon is made of cheese", orphan.GetProperty("exact").GetString());
        var claims = await Editor.GetClaimsAsync(articleId);
        Assert.DoesNotContain(claims, c => c.GetProperty("text").GetString()!.Contains("cheese"));
        Assert.Contains(claims, c => c.GetProperty("text").GetString() == "the mayor said" && c.GetProperty("verdict").GetString() == "true");
    }

    [Fact]
    public async Task ImportAnnotations_OversizedUpload_RefusedBeforeReading()
    {
        var articleId = await Editor.ImportTextAsync(Article);
        var huge = new ByteArrayContent(new byte[21 * 1024 * 1024]);
        huge.Headers.ContentType = new("application/ld+json");

        using var response = await Editor.PostAsync($"/api/articles/{articleId}/annotations", huge);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task ImportAnnotations_Viewer_Forbidden()
    {
        var articleId = await Editor.ImportTextAsync(Article);
        const string json = """{"@context":"http://www.w3.org/ns/anno.jsonld","type":"Annotation","target":{"selector":{"type":"TextQuoteSelector","exact":"the mayor said"}}}""";

        using var response = await fixture.ViewerClient.PostAsync($"/api/articles/{articleId}/annotations", new StringContent(json, Encoding.UTF8, "application/ld+json"));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Revision_InsertedAndDeletedText_ClaimsFollowTextAndDeletedOneIsOrphan()
    {
        var articleId = await Editor.ImportTextAsync(Article);
        var before = await Editor.GetClaimsAsync(articleId);
        var revised = "An editor's note was added at the top of the story today.\n\n" + Article.Replace("The council approved a budget of $4.2 million on Tuesday, the mayor said.", "");

        using var response = await Editor.PostJsonAsync($"/api/articles/{articleId}/revisions", new { text = revised });

        var plan = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, plan.ToString());
        Assert.Equal(1, plan.GetProperty("orphaned").GetInt32());
        var body = await Editor.GetBodyAsync(articleId);
        var after = await Editor.GetClaimsAsync(articleId);
        foreach (var claim in after.Where(c => !c.GetProperty("orphaned").GetBoolean()))
        {
            var start = claim.GetProperty("start").GetInt32();
            Assert.Equal(claim.GetProperty("text").GetString(), body[start..claim.GetProperty("end").GetInt32()]);
        }
        var orphan = Assert.Single(after, c => c.GetProperty("orphaned").GetBoolean());
        Assert.Contains("budget", orphan.GetProperty("text").GetString());
        Assert.True(before.Length >= after.Count(c => !c.GetProperty("orphaned").GetBoolean()));
        Assert.Contains(await Editor.GetEventsAsync(articleId), e => e.GetProperty("kind").GetString() == "article.revised");
    }

    [Fact]
    public async Task ExportFiltered_ByVerdict_OnlyMatchingClaims()
    {
        var (articleId, _) = await RatedArticleAsync();

        var csv = await Editor.GetStringAsync("/api/export?format=csv&verdict=mostly-false");

        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("mostly-false", r));
        Assert.Contains(rows, r => r.StartsWith($"{articleId},"));
    }

    [Fact]
    public async Task Export_UnknownFormat_ProblemNamesFormats()
    {
        var (articleId, _) = await RatedArticleAsync();
        using var response = await Editor.GetAsync($"/api/articles/{articleId}/export?format=pdf");
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("claimreview", problem.Detail());
    }

    /// <summary>An article whose unemployment claim is rated, concluded, sourced (one source redacted) and noted.</summary>
    private async Task<(int ArticleId, JsonElement Claim)> RatedArticleAsync()
    {
        var articleId = await Editor.ImportTextAsync(Article);
        var claim = (await Editor.GetClaimsAsync(articleId)).Single(c => c.GetProperty("text").GetString()!.Contains("Unemployment"));
        var id = claim.GetProperty("id").GetInt32();
        using (var patch = await Editor.PatchJsonAsync($"/api/claims/{id}", new { version = claim.GetProperty("version").GetInt32(), verdict = "mostly-false", conclusion = "The office's figure was 3.7%, not 3.5%.", state = "done" }))
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        using (var e1 = await Editor.PostJsonAsync($"/api/claims/{id}/evidence", new { url = "https://stats.example.org/march", excerpt = "3.7%", stance = "contradicts" }))
            Assert.Equal(HttpStatusCode.Created, e1.StatusCode);
        using (var e2 = await Editor.PostJsonAsync($"/api/claims/{id}/evidence", new { url = "https://secret-informant.example/contact", description = "a source inside the office", stance = "supports", redacted = true }))
            Assert.Equal(HttpStatusCode.Created, e2.StatusCode);
        using (var n = await Editor.PostJsonAsync($"/api/claims/{id}/notes", new { body = "Check the seasonal adjustment too." }))
            Assert.Equal(HttpStatusCode.Created, n.StatusCode);
        using (var set = await Editor.PutAsJsonAsync($"/api/articles/{articleId}/fact-check-url", new { url = "https://newsroom.example/fact-checks/unemployment" }))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        return (articleId, claim);
    }
}
