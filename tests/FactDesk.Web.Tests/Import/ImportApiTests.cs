using System.Net;
using System.Text.Json;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Tests.Import;

[Collection(ApiCollection.Name)]
public sealed class ImportApiTests(ApiFixture fixture)
{
    private static readonly string ScrapedPage = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "scraped-news-page.txt"));

    private HttpClient Editor => fixture.EditorClient;

    [Fact]
    public async Task ImportText_ScrapedNewsPage_KeepsArticleDropsSidebarAndCookieNotice()
    {
        using var response = await Editor.PostJsonAsync("/api/articles", new { text = ScrapedPage });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        Assert.Equal($"/api/articles/{created.Id()}", response.Headers.Location?.OriginalString);
        var body = await Editor.GetBodyAsync(created.Id());
        Assert.Contains("Reuters reports this, mentioning three sources that are familiar with the matter.", body);
        Assert.Contains("On February 18, the American and Russian delegations met in Riyadh, the capital of Saudi Arabia.", body);
        Assert.Contains("He also postponed his visit to Saudi Arabia until March.", body);
        foreach (var dropped in new[] { "Свіжі дописи", "Новини", "Читати більше", "Friday February 21st, 2025", "Cookies", "Шахед", "•" })
        {
            Assert.DoesNotContain(dropped, body);
        }
    }

    [Fact]
    public async Task ImportText_ScrapedNewsPage_SuggestsCheckWorthyClaimsWithReasons()
    {
        var articleId = await Editor.ImportTextAsync(ScrapedPage);

        var body = await Editor.GetBodyAsync(articleId);
        var claims = await Editor.GetClaimsAsync(articleId);

        var riyadh = Assert.Single(claims, c => c.Str("text")!.Contains("met in Riyadh"));
        var election = Assert.Single(claims, c => c.Str("text")!.Contains("presidential election on November 5"));
        foreach (var claim in new[] { riyadh, election })
        {
            Assert.Equal(body[claim.GetProperty("start").GetInt32()..claim.GetProperty("end").GetInt32()], claim.Str("text"));
            Assert.InRange(claim.GetProperty("score").GetDouble(), 0.01, 1.0);
            Assert.NotEmpty(claim.GetProperty("reasons").EnumerateArray());
            Assert.All(claim.GetProperty("reasons").EnumerateArray(), r => Assert.False(string.IsNullOrWhiteSpace(r.GetString())));
            Assert.Equal(JsonValueKind.String, claim.GetProperty("type").ValueKind);
            Assert.Equal("open", claim.Str("state"));
            Assert.Equal("suggested", claim.Str("origin"));
            Assert.Equal(1, claim.Version());
            Assert.False(claim.GetProperty("dismissed").GetBoolean());
        }
        Assert.StartsWith("On February 18", riyadh.Str("text"));
    }

    [Fact]
    public async Task ImportText_WithoutTitle_TitleIsWholeFirstSentenceAndResponseMatchesStoredTitle()
    {
        using var response = await Editor.PostJsonAsync("/api/articles", new { text = TestApi.ShortArticle });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        var stored = await Editor.GetJsonAsync($"/api/articles/{created.Id()}");
        Assert.Contains("$4.2 million", stored.Str("title"));
        Assert.Equal(stored.Str("title"), created.Str("title"));
    }

    [Fact]
    public async Task ImportText_WithTitleAndOutlet_StoresThem()
    {
        var articleId = await Editor.ImportAsync(new { text = TestApi.ShortArticle, title = "Council budget", outlet = "City Herald", language = "en" });

        var article = await Editor.GetJsonAsync($"/api/articles/{articleId}");
        Assert.Equal("Council budget", article.Str("title"));
        Assert.Equal("City Herald", article.Str("outlet"));
        Assert.Equal(fixture.Editor.Name, article.Str("createdBy"));
    }

    [Fact]
    public async Task ImportText_ScrapedNewsPage_RecordsImportAsEventOne()
    {
        var articleId = await Editor.ImportTextAsync(ScrapedPage);

        var events = await Editor.GetEventsAsync(articleId);

        var imported = Assert.Single(events);
        Assert.Equal(1, imported.GetProperty("number").GetInt32());
        Assert.Equal("article.imported", imported.Str("kind"));
        Assert.Equal(fixture.Editor.Name, imported.GetProperty("actor").Str("name"));
    }

    [Fact]
    public async Task ImportHtml_WithScriptsAndHandlers_StoresPlainTextOnly()
    {
        const string html = """
            <!doctype html>
            <html><head><title>Bridge reopens after repairs</title><script>alert(1)</script></head>
            <body onload="alert(1)">
              <iframe src="https://evil.example/frame"></iframe>
              <article>
                <h1>Bridge reopens after repairs</h1>
                <p onclick="alert(1)">The Elm Street bridge reopened on Monday after repairs that cost $3.5 million, the city transport office said.</p>
                <p>Traffic on the bridge had been closed for 14 months, according to the council.</p>
                <script type="text/javascript">document.write('<img src=x onerror=alert(1)>')</script>
                <p>Engineers said the new deck is designed to last 50 years.</p>
              </article>
            </body></html>
            """;

        var articleId = await Editor.ImportAsync(new { html });

        var body = await Editor.GetBodyAsync(articleId);
        Assert.Contains("The Elm Street bridge reopened on Monday", body);
        Assert.Contains("Engineers said the new deck is designed to last 50 years.", body);
        Assert.DoesNotContain("<", body);
        Assert.DoesNotContain("script", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert(1)", body);
        Assert.DoesNotContain("onclick", body);
        Assert.DoesNotContain("evil.example", body);
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { """{"text":""}""", "empty" },
        { """{"text":"   \n\t  \n"}""", "empty" },
        { """{"text":"Something", """, "JSON" },
        { """{"text":"The council met on Monday.","html":"<p>The council met on Monday.</p>"}""", "exactly one" },
        { """{"text":"The council met on Monday.","url":"ftp://example.com/story"}""", "http or https address" },
        { """{"html":"<p>The council met on Monday.</p>","url":"/story"}""", "http or https address" },
        { """{}""", "exactly one" },
        { """{"url":"http://127.0.0.1/x"}""", "127.0.0.1" },
        { """{"url":"http://10.0.0.1/"}""", "10.0.0.1" },
        { """{"url":"http://169.254.169.254/latest/meta-data"}""", "169.254.169.254" },
        { """{"url":"http://[::1]/"}""", "::1" },
        { """{"url":"file:///etc/passwd"}""", "http" },
        { """{"url":"not a url"}""", "web address" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task ImportArticle_BadInput_Returns400ProblemAndStoresNothing(string json, string detailMentions)
    {
        var before = await fixture.Factory.CountArticlesAsync();

        using var response = await Editor.PostRawJsonAsync("/api/articles", json);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(detailMentions, problem.Detail(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await fixture.Factory.CountArticlesAsync());
    }

    [Fact]
    public async Task ImportHtml_WithUrlBeside_IsNotFetchedAndGivesAddressOutletAndLinks()
    {
        // the host does not exist: a fetch would fail, so a stored article proves the address was only recorded
        const string html = """
            <html><head><title>Ferry timetable changes from June</title><link rel="canonical" href="/2025/05/ferry-timetable"></head><body>
            <article><h1>Ferry timetable changes from June</h1>
            <p>The island ferry will run every 40 minutes instead of every hour from the first of June, the operator said on Friday.</p>
            <p>The change follows a rise of 18% in passengers last summer, according to figures published by the harbour board.</p>
            </article></body></html>
            """;
        var articleId = await Editor.ImportAsync(new { html, url = "https://www.islandtimes.invalid/2025/05/ferry-timetable?utm_source=x" });

        var article = await Editor.GetJsonAsync($"/api/articles/{articleId}");
        Assert.Equal("https://www.islandtimes.invalid/2025/05/ferry-timetable?utm_source=x", article.Str("url"));
        Assert.Equal("islandtimes.invalid", article.Str("outlet"));
        Assert.Contains("every 40 minutes", await Editor.GetBodyAsync(articleId));
    }

    [Fact]
    public async Task ImportHtml_PageNamesCanonicalAndModified_BothAreStoredOnTheArticle()
    {
        const string html = """
            <html lang="en"><head><title>Ferry timetable changes</title>
            <link rel="canonical" href="https://www.islandtimes.invalid/2025/05/ferry-timetable">
            <meta property="article:modified_time" content="2025-05-03T16:20:00Z">
            </head><body><article><h1>Ferry timetable changes</h1>
            <p>The island ferry will run every 40 minutes instead of every hour from the first of June, the operator said on Friday.</p>
            <p>The change follows a rise of 18% in passengers last summer, according to figures published by the harbour board.</p>
            </article></body></html>
            """;
        var articleId = await Editor.ImportAsync(new { html, url = "https://amp.islandtimes.invalid/amp/ferry?utm_source=x" });

        await using var db = await fixture.Factory.CreateDbContextAsync();
        var stored = await db.Articles.Where(a => a.Id == articleId).Select(a => new { a.Url, a.CanonicalUrl, a.ModifiedAt }).SingleAsync();
        Assert.Equal("https://amp.islandtimes.invalid/amp/ferry?utm_source=x", stored.Url);
        Assert.Equal("https://www.islandtimes.invalid/2025/05/ferry-timetable", stored.CanonicalUrl);
        Assert.Equal(new DateTimeOffset(2025, 5, 3, 16, 20, 0, TimeSpan.Zero), stored.ModifiedAt);
    }

    [Fact]
    public async Task ImportText_WithUrlBeside_StoresTheAddress()
    {
        var articleId = await Editor.ImportAsync(new { text = TestApi.ShortArticle, url = "https://news.invalid/council-budget" });

        var article = await Editor.GetJsonAsync($"/api/articles/{articleId}");
        Assert.Equal("https://news.invalid/council-budget", article.Str("url"));
        Assert.Equal("news.invalid", article.Str("outlet"));
    }

    [Fact]
    public async Task ImportHtml_HundredThousandNestedDivs_Returns400AndStoresNothing()
    {
        var before = await fixture.Factory.CountArticlesAsync();
        var html = string.Concat(Enumerable.Repeat("<div>", 100_000)) + "deep" + string.Concat(Enumerable.Repeat("</div>", 100_000));

        using var response = await Editor.PostJsonAsync("/api/articles", new { html });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("levels deep", problem.Detail());
        Assert.Equal(before, await fixture.Factory.CountArticlesAsync());
    }

    [Fact]
    public async Task ImportHtml_ThreeHundredThousandElements_Returns400AndStoresNothing()
    {
        var before = await fixture.Factory.CountArticlesAsync();
        var html = "<p>The council approved a budget of 4.2 million on Tuesday, the mayor said after the vote.</p>" + string.Concat(Enumerable.Repeat("<i></i>", 300_000));

        using var response = await Editor.PostJsonAsync("/api/articles", new { html });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("more than 250,000 elements", problem.Detail());
        Assert.Equal(before, await fixture.Factory.CountArticlesAsync());
    }

    [Fact]
    public async Task ImportUrl_HostNameResolvingToLoopback_IsRefusedAfterResolution()
    {
        var before = await fixture.Factory.CountArticlesAsync();

        using var response = await Editor.PostJsonAsync("/api/articles", new { url = "http://localhost:9/admin" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("does not fetch from", problem.Detail());
        Assert.Equal(before, await fixture.Factory.CountArticlesAsync());
    }

    [Fact]
    public async Task ImportArticle_NotJson_Returns415Problem()
    {
        var before = await fixture.Factory.CountArticlesAsync();

        using var response = await Editor.PostAsync("/api/articles", new StringContent("text=hello", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await fixture.Factory.CountArticlesAsync());
    }

    [Fact]
    public async Task ImportArticle_AsViewer_Returns403AndStoresNothing()
    {
        var before = await fixture.Factory.CountArticlesAsync();

        using var response = await fixture.ViewerClient.PostJsonAsync("/api/articles", new { text = TestApi.ShortArticle });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await fixture.Factory.CountArticlesAsync());
    }

    [Fact]
    public async Task ImportArticle_AsReviewer_Returns403()
    {
        using var response = await fixture.ReviewerClient.PostJsonAsync("/api/articles", new { text = TestApi.ShortArticle });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task GetArticle_Unknown_Returns404Problem()
    {
        using var response = await Editor.GetAsync("/api/articles/987654");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
