using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactDesk.Web.Data;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Tests.Security;

/// <summary>F4, F7, F8 and the smaller input holes: every bad input gets a sentence, nothing half-stored, both databases alike.</summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(ApiFixture fixture)
{
    private HttpClient Editor => fixture.EditorClient;

    [Theory]
    [InlineData("title", "Budget\u0000vote")]
    [InlineData("title", "Budget \u202Eetov")]
    [InlineData("outlet", "Harbour\u0007Gazette")]
    [InlineData("author", "Ada\u2066Lovelace")]
    [InlineData("language", "en\u0000")]
    public async Task Import_ControlCharacterInTypedMetadata_400NamesTheCharacterAndStoresNothing(string field, string value)
    {
        var before = await fixture.Factory.CountArticlesAsync();
        var body = new Dictionary<string, string> { ["text"] = TestApi.ShortArticle, [field] = value };

        using var response = await Editor.PostJsonAsync("/api/articles", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Detail());
        Assert.Contains("U+", problem.Detail());
        Assert.Equal(before, await fixture.Factory.CountArticlesAsync());
    }

    [Fact]
    public async Task Import_NulAndOverridesInBody_StoredWithoutThem()
    {
        var text = "The council\u0000 approved a budget of $4.2 million on\u202E Tuesday, the mayor said.\u0001";

        var id = await Editor.ImportTextAsync(text);

        var body = await Editor.GetBodyAsync(id);
        Assert.DoesNotContain('\u0000', body);
        Assert.DoesNotContain('\u202E', body);
        Assert.DoesNotContain('\u0001', body);
        Assert.Contains("approved a budget of $4.2 million on Tuesday", body);
    }

    [Theory]
    [InlineData("outlet", 201)]
    [InlineData("language", 17)]
    public async Task Import_OverlongOutletOrLanguage_400InsteadOfCutting(string field, int length)
    {
        var body = new Dictionary<string, string> { ["text"] = TestApi.ShortArticle, [field] = new string('x', length) };

        using var response = await Editor.PostJsonAsync("/api/articles", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Detail());
    }

    [Fact]
    public async Task Note_WithNul_400AndNoNoteStored()
    {
        var (_, claim) = await Editor.ImportWithClaimAsync();

        using var response = await Editor.PostJsonAsync($"/api/claims/{claim.Id()}/notes", new { body = "see\u0000 this" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("NUL", problem.Detail());
        var detail = await Editor.GetJsonAsync($"/api/claims/{claim.Id()}");
        Assert.Empty(detail.GetProperty("notes").EnumerateArray());
    }

    [Fact]
    public async Task Conclusion_WithDirectionOverride_400AndClaimUnchanged()
    {
        var (articleId, claim) = await Editor.ImportWithClaimAsync();

        using var response = await Editor.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), conclusion = "True\u202E eslaF" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var current = (await Editor.GetClaimsAsync(articleId)).Single(c => c.Id() == claim.Id());
        Assert.Equal(claim.Version(), current.Version());
        Assert.Null(current.Str("conclusion"));
    }

    [Fact]
    public async Task Evidence_ExcerptWithNul_400()
    {
        var (_, claim) = await Editor.ImportWithClaimAsync();

        using var response = await Editor.PostJsonAsync($"/api/claims/{claim.Id()}/evidence", new { url = "https://example.org/a", excerpt = "x\u0000y" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TokenName_WithNul_400()
    {
        using var client = fixture.Factory.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = TestAccounts.Basic(fixture.Editor.Email, fixture.Editor.Password);
        using var response = await client.PostJsonAsync("/api/tokens", new { name = "bot\u0000" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SignUp_NameWithOverride_Refused()
    {
        var result = await fixture.Factory.SignUpAsync($"bidi-{Guid.NewGuid():N}@desk.test", name: "Eve\u202Eresu");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains("U+202E"));
    }

    [Fact]
    public async Task AddClaim_EndInsideSurrogatePair_SnappedToWholeCharacter()
    {
        var text = "Officials said the vote passed 👍🏽 on Tuesday. The council approved a budget of $4.2 million.";
        var id = await Editor.ImportTextAsync(text);
        var body = await Editor.GetBodyAsync(id);
        var emoji = body.IndexOf("👍", StringComparison.Ordinal);

        // Ends between the two UTF-16 halves of 👍 (and starts at the sentence).
        using var response = await Editor.PostJsonAsync($"/api/articles/{id}/claims", new { start = 0, end = emoji + 1 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var claim = await response.ReadJsonAsync();
        Assert.Equal(emoji + 2, claim.GetProperty("end").GetInt32());
        Assert.DoesNotContain('\uFFFD', claim.Str("text")!);
        var csv = await Editor.GetStringAsync($"/api/articles/{id}/export?format=csv");
        Assert.DoesNotContain('\uFFFD', csv);
    }

    [Fact]
    public async Task Split_InsideSurrogatePair_400()
    {
        var (id, claim) = await Editor.ImportWithClaimAsync("Officials said the vote passed 👍🏽 on Tuesday after a long debate, according to 3 sources.");
        var body = await Editor.GetBodyAsync(id);
        Assert.True(claim.GetProperty("end").GetInt32() > body.IndexOf("👍", StringComparison.Ordinal) + 1, "the claim must cover the emoji");
        var emoji = body.IndexOf("👍", StringComparison.Ordinal);

        using var response = await Editor.PostJsonAsync($"/api/claims/{claim.Id()}/split", new { version = claim.Version(), at = emoji + 1 });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("character", problem.Detail());
    }

    [Theory]
    [InlineData("\"a\"", "10")]
    [InlineData("0", "{}")]
    public async Task AnnotationImport_WrongTypedPositions_400EvenOnDryRun(string start, string end)
    {
        var id = await Editor.ImportTextAsync();
        var file = $$$"""
            {"@context":"http://www.w3.org/ns/anno.jsonld","type":"Annotation","motivation":"assessing",
             "target":{"source":"http://localhost/articles/{{{id}}}","selector":[{"type":"TextPositionSelector","start":{{{start}}},"end":{{{end}}}}]}}
            """;

        foreach (var query in new[] { "?dryRun=true", "" })
        {
            using var response = await Editor.PostAsync($"/api/articles/{id}/annotations{query}", new StringContent(file, Encoding.UTF8, "application/ld+json"));

            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("TextPositionSelector", problem.Detail());
        }
    }

    [Fact]
    public async Task ImportUrl_WithCredentials_400NothingFetchedOrStored()
    {
        var before = await fixture.Factory.CountArticlesAsync();

        using var response = await Editor.PostJsonAsync("/api/articles", new { url = "http://user:secretpw@example.invalid/story" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.DoesNotContain("secretpw", problem.Detail());
        Assert.Contains("password", problem.Detail());
        Assert.Equal(before, await fixture.Factory.CountArticlesAsync());
    }

    [Fact]
    public async Task Evidence_UrlWithCredentials_400()
    {
        var (_, claim) = await Editor.ImportWithClaimAsync();

        using var response = await Editor.PostJsonAsync($"/api/claims/{claim.Id()}/evidence", new { url = "https://bob:hunter2@records.example.org/minutes" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("html")]
    [InlineData("markdown")]
    [InlineData("w3c")]
    [InlineData("claimreview")]
    public async Task Export_StoredUrlsWithCredentials_NeverLeaveTheDesk(string format)
    {
        var (articleId, claim) = await Editor.ImportWithClaimAsync();
        await using (var db = await fixture.Factory.CreateDbContextAsync())
        {
            using var seeding = FactDesk.Web.Data.ArticleWriteScope.Open(db); // the test writes the rows itself, as no page may
            // Stored before this rule existed: the export still strips them.
            await db.Articles.Where(a => a.Id == articleId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Url, "http://user:secretpw@news.example.org/story"));
            db.Evidence.Add(new Evidence { ClaimId = claim.Id(), Url = "https://bob:hunter2pw@records.example.org/minutes", Stance = EvidenceStance.Supports, CreatedAt = DateTimeOffset.UtcNow, CreatedById = fixture.Editor.Id, AccessedOn = DateOnly.FromDateTime(DateTime.UtcNow) });
            await db.SaveChangesAsync();
        }
        using var patch = await Editor.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "false" });

        var text = await Editor.GetStringAsync($"/api/articles/{articleId}/export?format={format}");

        Assert.DoesNotContain("secretpw", text);
        Assert.DoesNotContain("hunter2pw", text);
        if (format != "claimreview") Assert.Contains("news.example.org", text);
    }

    [Fact]
    public async Task ExportClaimReview_AngleBracketsInText_EscapedAsUnicode()
    {
        var (articleId, claim) = await Editor.ImportWithClaimAsync("The mayor said that <script>alert(1)</script> spending rose 12% in 2024, according to the budget office.");
        using var patch = await Editor.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "false", conclusion = "</script><b>x</b>", state = "done" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        // ClaimReview carries only finished claims, each citing the article's public fact-check page.
        using (var set = await Editor.PutAsJsonAsync($"/api/articles/{articleId}/fact-check-url", new { url = "https://newsroom.example/fact-checks/budget" }))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        var text = await Editor.GetStringAsync($"/api/articles/{articleId}/export?format=claimreview");

        Assert.DoesNotContain("<", text.Replace("\\u003C", ""));
        Assert.Contains("\\u003C", text);
        JsonDocument.Parse(text);
    }
}
