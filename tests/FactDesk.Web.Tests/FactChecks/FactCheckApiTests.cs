using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FactDesk.Web.Data;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.FactChecks;

/// <summary>One app for the fact-check tests (the model and the index are per app), with small limits to test them.</summary>
public sealed class FactCheckFixture : IAsyncLifetime
{
    public FactDeskFactory Factory { get; } = new(new Dictionary<string, string?>
    {
        ["FactDesk:FactChecks:MaxImportBytes"] = (256 * 1024).ToString(),
        ["FactDesk:Import:AllowPrivateNetworks"] = "true",
        ["FactDesk:Import:FetchTimeoutSeconds"] = "1",
    });
    public HttpClient Editor { get; private set; } = null!;
    public HttpClient Reviewer { get; private set; } = null!;
    public HttpClient Viewer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Editor = await Factory.CreateClientForAsync(await Factory.CreateAccountAsync(Roles.Editor, "Erin Editor"));
        Reviewer = await Factory.CreateClientForAsync(await Factory.CreateAccountAsync(Roles.Reviewer, "Rafa Reviewer"));
        Viewer = await Factory.CreateClientForAsync(await Factory.CreateAccountAsync(Roles.Viewer, "Vic Viewer"));
    }

    public async Task DisposeAsync()
    {
        Editor.Dispose();
        Reviewer.Dispose();
        Viewer.Dispose();
        await Factory.DisposeAsync();
    }
}

public sealed class FactCheckApiTests(FactCheckFixture fixture) : IClassFixture<FactCheckFixture>
{
    private static string Review(string url, string claim, string rating = "False", string? headline = null) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["@type"] = "ClaimReview", ["url"] = url, ["claimReviewed"] = claim, ["headline"] = headline,
        ["reviewRating"] = new Dictionary<string, object> { ["@type"] = "Rating", ["alternateName"] = rating },
        ["author"] = new Dictionary<string, object> { ["@type"] = "Organization", ["name"] = "Example Checks" },
        ["datePublished"] = "2024-05-01",
    });

    private static string Feed(params string[] reviews) =>
        $$"""{ "@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [{{string.Join(",", reviews)}}] }""";

    private async Task<JsonElement> ImportAsync(string collection, string body, string contentType = "application/ld+json", HttpStatusCode expected = HttpStatusCode.OK, string extra = "")
    {
        using var response = await fixture.Editor.PostAsync($"/api/fact-checks?collection={Uri.EscapeDataString(collection)}&wait=true{extra}",
            new StringContent(body, Encoding.UTF8, contentType));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Import answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement[]> SearchAsync(HttpClient client, string q, int take = 5) =>
        [.. (await client.GetJsonAsync($"/api/fact-checks/search?q={Uri.EscapeDataString(q)}&take={take}")).GetProperty("results").EnumerateArray()];

    [Fact]
    public async Task Import_DataFeed_SearchableWithEveryField()
    {
        var report = await ImportAsync("Feed A", Feed(
            Review("https://checks.example/a/rainwater", "A new law lets the city fine residents for collecting rainwater in barrels.", "False", "Fined for rain barrels?"),
            Review("https://checks.example/a/lemon", "Hot lemon water cures the flu within a day.", "Pants on Fire")));

        Assert.Equal(2, report.GetProperty("added").GetInt32());
        Assert.Equal(0, report.GetProperty("refused").GetInt32());
        Assert.True(report.GetProperty("indexing").GetProperty("done").GetBoolean());
        var results = await SearchAsync(fixture.Viewer, "so now they will FINE us for keeping rain barrels?? https://t.co/x — Pat (@pat) May 2, 2021");
        var top = results[0];
        Assert.Equal("https://checks.example/a/rainwater", top.GetProperty("url").GetString());
        Assert.Equal("A new law lets the city fine residents for collecting rainwater in barrels.", top.GetProperty("claimReviewed").GetString());
        Assert.Equal("False", top.GetProperty("rating").GetString());
        Assert.Equal("Example Checks", top.GetProperty("publisher").GetString());
        Assert.StartsWith("2024-05-01", top.GetProperty("datePublished").GetString());
        Assert.Equal("collection", top.GetProperty("kind").GetString());
        Assert.InRange(top.GetProperty("score").GetDouble(), 0.01, 1);
    }

    [Fact]
    public async Task Import_Again_UpdatesInsteadOfDuplicating()
    {
        await ImportAsync("Feed B", Feed(Review("https://checks.example/b/rail", "The regional rail line will close permanently in June.", "False")));

        var again = await ImportAsync("Feed B", Feed(
            Review("https://checks.example/b/rail", "The regional rail line will close permanently in June.", "Mostly false"),
            Review("https://checks.example/b/rail", "The regional rail line will close permanently in June.", "Mostly false")));

        Assert.Equal(0, again.GetProperty("added").GetInt32());
        Assert.Equal(1, again.GetProperty("updated").GetInt32());
        var hits = (await SearchAsync(fixture.Reviewer, "regional rail line closing permanently in June", 10)).Where(r => r.GetProperty("url").GetString() == "https://checks.example/b/rail").ToList();
        Assert.Equal("Mostly false", Assert.Single(hits).GetProperty("rating").GetString());
    }

    [Fact]
    public async Task Import_SameFeedAgain_DatesFinerThanStored_AllUnchanged()
    {
        // a feed's times to the tenth of a microsecond: finer than either database keeps them
        string Fine(string url, string claim) => Review(url, claim).Replace("\"2024-05-01\"", "\"2024-05-01T10:15:30.1234567+02:00\"", StringComparison.Ordinal);
        var feed = Feed(Fine("https://checks.example/f/tram", "The tram fare doubles next month."), Fine("https://checks.example/f/pool", "The city pool closes for good in May."));
        Assert.Equal(2, (await ImportAsync("Feed F", feed)).GetProperty("added").GetInt32());

        var again = await ImportAsync("Feed F", feed);

        Assert.Equal(0, again.GetProperty("updated").GetInt32());
        Assert.Equal(2, again.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task Import_AgainWithNewText_ReindexedUnderTheNewText()
    {
        await ImportAsync("Feed G", Feed(Review("https://checks.example/g/bridge", "The old harbour bridge will be demolished next year.", "False")));

        var again = await ImportAsync("Feed G", Feed(Review("https://checks.example/g/bridge", "Wolves were released in the national park by the ministry.", "Misleading")));

        Assert.Equal(1, again.GetProperty("updated").GetInt32());
        var top = (await SearchAsync(fixture.Reviewer, "the ministry released wolves into the national park"))[0];
        Assert.Equal("https://checks.example/g/bridge", top.GetProperty("url").GetString());
        Assert.Equal("Wolves were released in the national park by the ministry.", top.GetProperty("claimReviewed").GetString());
        Assert.Equal("Misleading", top.GetProperty("rating").GetString());
        Assert.Equal("same", top.GetProperty("strength").GetString());
        // and the old text no longer finds it as the same claim
        Assert.DoesNotContain(await SearchAsync(fixture.Reviewer, "The old harbour bridge will be demolished next year."),
            r => r.GetProperty("url").GetString() == "https://checks.example/g/bridge" && r.GetProperty("strength").GetString() == "same");
    }

    [Fact]
    public async Task Import_CsvWithColumnMapping_Imported()
    {
        var csv = "Statement,Link,Verdict,Outlet\n\"Sharks swam on a flooded highway after the storm, a photo shows\",https://checks.example/c/sharks,False,Gulf Checks\n";

        var report = await ImportAsync("CSV C", csv, "text/csv", extra: "&claim=Statement&urlColumn=Link&rating=Verdict&publisher=Outlet");

        Assert.Equal(1, report.GetProperty("added").GetInt32());
        var top = (await SearchAsync(fixture.Viewer, "photo of sharks on the freeway after the hurricane"))[0];
        Assert.Equal("https://checks.example/c/sharks", top.GetProperty("url").GetString());
        Assert.Equal("Gulf Checks", top.GetProperty("publisher").GetString());
    }

    [Fact]
    public async Task Import_SomeItemsWithoutClaim_ImportsTheRestAndListsRefusedWithReasons()
    {
        var report = await ImportAsync("Feed D", Feed(
            Review("https://checks.example/d/ok", "The museum will charge entry fees to children from next year."),
            """{ "@type": "ClaimReview", "url": "https://checks.example/d/empty" }"""));

        Assert.Equal(1, report.GetProperty("added").GetInt32());
        Assert.Equal(1, report.GetProperty("refused").GetInt32());
        var refused = report.GetProperty("refusedItems")[0];
        Assert.Equal("https://checks.example/d/empty", refused.GetProperty("url").GetString());
        Assert.Contains("claimReviewed", refused.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("uk-UA,uk;q=0.9", "У ньому немає claimReviewed (твердження, яке перевіряли).", "Його url «ftp://checks.example/l/ftp» — не повна адреса http(s).")]
    [InlineData("en", "It has no claimReviewed (the claim as reviewed).", "Its url 'ftp://checks.example/l/ftp' is not an absolute http(s) address.")]
    public async Task Import_RefusedItems_ReasonsInTheRequestsLanguage(string language, string noClaim, string notAbsolute)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/fact-checks?collection=Feed-L-{language[..2]}&wait=true")
        {
            Content = new StringContent(Feed(
                Review($"https://checks.example/l/ok-{language[..2]}", "The ferry timetable was cut to two crossings a day in winter."),
                """{ "@type": "ClaimReview", "url": "https://checks.example/l/empty" }""",
                """{ "@type": "ClaimReview", "url": "ftp://checks.example/l/ftp", "claimReviewed": "Wrong scheme" }"""), Encoding.UTF8, "application/ld+json"),
        };
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await fixture.Editor.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var report = JsonDocument.Parse(text).RootElement;

        var refused = report.GetProperty("refusedItems").EnumerateArray().ToList();
        Assert.Equal(2, refused.Count);
        // the sentence is in the caller's language; the field names and the address stay as they are
        Assert.Equal(noClaim, refused[0].GetProperty("reason").GetString());
        Assert.Equal("https://checks.example/l/empty", refused[0].GetProperty("url").GetString());
        Assert.Equal(notAbsolute, refused[1].GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("uk", "{ \"@type\": \"NewsArticle\" }", "У JSON-LD немає жодного ClaimReview: очікується обʼєкт ClaimReview, масив або @graph таких обʼєктів чи DataFeed із dataFeedElement.")]
    [InlineData("uk", "{ \"@type\": \"ClaimReview\", \"url\": ", "Файл — не коректний JSON-LD: помилка в рядку 1, на байті 34 цього рядка.")]
    [InlineData("en", "{ \"@type\": \"NewsArticle\" }", "The JSON-LD holds no ClaimReview: expected a ClaimReview object, an array or @graph of them, or a DataFeed with dataFeedElement.")]
    public async Task Import_UnreadableFile_400InTheRequestsLanguage(string language, string body, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/fact-checks?collection=Broken-L") { Content = new StringContent(body, Encoding.UTF8, "application/ld+json") };
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await fixture.Editor.SendAsync(request);

        Assert.Equal(expected, (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).Detail());
    }

    [Theory]
    [InlineData("{ \"@type\": \"ClaimReview\", \"url\": ", "not valid JSON-LD")]
    [InlineData("[{ \"@type\": \"ClaimReview\", \"url\": \"https://checks.example/x\" }]", "claimReviewed")]
    [InlineData("{ \"@type\": \"NewsArticle\" }", "holds no ClaimReview")]
    public async Task Import_BadJsonLd_400WithMessageAndNothingStored(string body, string expected)
    {
        await using var before = await fixture.Factory.CreateDbContextAsync();
        var count = await before.Set<FactCheck>().CountAsync();

        using var response = await fixture.Editor.PostAsync("/api/fact-checks?collection=Broken", new StringContent(body, Encoding.UTF8, "application/ld+json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(expected, problem.Detail());
        await using var after = await fixture.Factory.CreateDbContextAsync();
        Assert.Equal(count, await after.Set<FactCheck>().CountAsync());
        Assert.False(await after.Set<FactCheckCollection>().AnyAsync(c => c.Name == "Broken"));
    }

    [Fact]
    public async Task Import_TooLarge_413WithTheLimit()
    {
        var body = Feed(Enumerable.Range(0, 2000).Select(i => Review($"https://checks.example/big/{i}", $"Claim number {i} about something rather long to fill the body up")).ToArray());

        using var response = await fixture.Editor.PostAsync("/api/fact-checks?collection=Big", new StringContent(body, Encoding.UTF8, "application/ld+json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("256 KB", problem.Detail());
    }

    [Fact]
    public async Task Import_WrongTypeNoCollectionOrViewer_Refused()
    {
        using var wrongType = await fixture.Editor.PostAsync("/api/fact-checks?collection=X", new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new("image/png") } });
        await wrongType.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        using var noName = await fixture.Editor.PostAsync("/api/fact-checks", new StringContent(Feed(), Encoding.UTF8, "application/ld+json"));
        Assert.Contains("collection", (await noName.AssertProblemAsync(HttpStatusCode.BadRequest)).Detail());
        using var viewer = await fixture.Viewer.PostAsync("/api/fact-checks?collection=X", new StringContent(Feed(), Encoding.UTF8, "application/ld+json"));
        await viewer.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Import_FeedUrlThatNeverAnswers_400MentioningTheTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try { while (true) held.Add(await silent.AcceptTcpClientAsync(stop.Token)); }
            catch (OperationCanceledException) { }
        });
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        using var response = await fixture.Editor.PostAsync($"/api/fact-checks?collection=Silent&url={Uri.EscapeDataString($"http://127.0.0.1:{port}/feed.json")}", null);

        await stop.CancelAsync();
        await accepting;
        held.ForEach(c => c.Dispose());
        Assert.Contains("did not answer within 1 second", (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).Detail());
    }

    [Fact]
    public async Task DeleteCollection_ItsFactChecksNoLongerFound()
    {
        var report = await ImportAsync("Feed E", Feed(Review("https://checks.example/e/volcano", "The dormant volcano near the capital erupted last night.")));
        var id = report.GetProperty("collectionId").GetInt32();
        var listed = (await fixture.Viewer.GetJsonAsync("/api/fact-checks/collections")).EnumerateArray().Single(c => c.GetProperty("id").GetInt32() == id);
        Assert.Equal(1, listed.GetProperty("count").GetInt32());
        Assert.True(listed.GetProperty("lastImportAt").ValueKind == JsonValueKind.String);

        using var viewerDelete = await fixture.Viewer.DeleteAsync($"/api/fact-checks/collections/{id}");
        await viewerDelete.AssertProblemAsync(HttpStatusCode.Forbidden);
        using var deleted = await fixture.Editor.DeleteAsync($"/api/fact-checks/collections/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.DoesNotContain(await SearchAsync(fixture.Viewer, "dormant volcano near the capital erupted"), r => r.GetProperty("url").GetString() == "https://checks.example/e/volcano");
    }

    [Fact]
    public async Task ClaimMatches_ImportedFactCheck_ShownAndLinkedAsEvidence()
    {
        await ImportAsync("Feed F", Feed(Review("https://checks.example/f/budget", "The city council approved a budget of $4.2 million on Tuesday.", "Mostly true")));
        var (_, claim) = await fixture.Editor.ImportWithClaimAsync("The city council approved a budget of $4.2 million on Tuesday, according to the mayor's office. The weather was fine.");

        var matches = (await fixture.Reviewer.GetJsonAsync($"/api/claims/{claim.Id()}/matches")).GetProperty("matches").EnumerateArray().ToList();

        var match = matches.First();
        Assert.Equal("https://checks.example/f/budget", match.GetProperty("url").GetString());
        Assert.Equal("same", match.GetProperty("strength").GetString());
        using var link = await fixture.Reviewer.PostJsonAsync($"/api/claims/{claim.Id()}/matches/actions", new { url = "https://checks.example/f/budget", action = "link" });
        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        var detail = await fixture.Reviewer.GetJsonAsync($"/api/claims/{claim.Id()}");
        var evidence = detail.GetProperty("evidence").EnumerateArray().Single();
        Assert.Equal("https://checks.example/f/budget", evidence.GetProperty("url").GetString());
        Assert.Contains("Mostly true", evidence.GetProperty("description").GetString());
        Assert.Contains("Example Checks", evidence.GetProperty("description").GetString());

        using var same = await fixture.Reviewer.PostJsonAsync($"/api/claims/{claim.Id()}/matches/actions", new { url = "https://checks.example/f/budget", action = "same" });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal("mostly-true", (await fixture.Reviewer.GetJsonAsync($"/api/claims/{claim.Id()}")).GetProperty("claim").GetProperty("verdict").GetString());
        var labels = await fixture.Viewer.GetJsonAsync("/api/fact-checks/labels");
        Assert.True(labels.GetProperty("confirmed").GetInt32() >= 1);
        Assert.True(labels.GetProperty("linked").GetInt32() >= 1);
    }

    [Fact]
    public async Task ClaimMatches_DeskClaimRatedOnAnotherArticle_ShownAsDeskKind()
    {
        var (_, first) = await fixture.Editor.ImportWithClaimAsync("Officials said 340 new nurses would be hired at the county hospital by December. Other news followed.");
        using var rate = await fixture.Editor.PatchJsonAsync($"/api/claims/{first.Id()}", new { version = first.Version(), verdict = "false" });
        Assert.Equal(HttpStatusCode.OK, rate.StatusCode);
        var (_, second) = await fixture.Editor.ImportWithClaimAsync("Officials said 340 new nurses would be hired at the county hospital by December, the paper reported. More text here.");
        var indexer = fixture.Factory.Services.GetRequiredService<FactDesk.Web.Features.FactChecks.FactCheckIndexer>();
        indexer.Wake();
        Assert.True((await indexer.WaitForIndexAsync(TimeSpan.FromMinutes(2), CancellationToken.None)).Done);

        var matches = (await fixture.Reviewer.GetJsonAsync($"/api/claims/{second.Id()}/matches")).GetProperty("matches").EnumerateArray().ToList();
        JsonElement? desk = matches.FirstOrDefault(m => m.GetProperty("kind").GetString() == "desk") is { ValueKind: JsonValueKind.Object } d ? d : null;

        Assert.NotNull(desk);
        Assert.Equal(first.Id(), desk.Value.GetProperty("claimId").GetInt32());
        Assert.Equal("False", desk.Value.GetProperty("rating").GetString());
        var own = (await fixture.Reviewer.GetJsonAsync($"/api/claims/{first.Id()}/matches")).GetProperty("matches").EnumerateArray();
        Assert.DoesNotContain(own, m => m.TryGetProperty("claimId", out var c) && c.ValueKind == JsonValueKind.Number && c.GetInt32() == first.Id());
    }

    [Fact]
    public async Task DeskIndex_ManyClaimsRatedAtOneInstant_EveryOneIsIndexed()
    {
        // A sign-off or an annotation import rates hundreds of claims in one transaction, at one instant: more than one
        // batch of the desk follower (128). The follower used to take the first batch and move past the instant.
        var (articleId, _) = await fixture.Editor.ImportWithClaimAsync("The harbour board said 41 ferries ran on time in May. Other news followed.");
        var indexer = fixture.Factory.Services.GetRequiredService<FactDesk.Web.Features.FactChecks.FactCheckIndexer>();
        indexer.Wake();
        var before = await indexer.WaitForIndexAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
        Assert.True(before.Done);

        const int Count = 300;
        var instant = DateTimeOffset.UtcNow.AddMinutes(5);
        await using (var db = await fixture.Factory.CreateDbContextAsync())
        {
            using var seeding = FactDesk.Web.Data.ArticleWriteScope.Open(db); // the test writes the rows itself, as no page may
            for (int i = 0; i < Count; i++)
                db.Claims.Add(new Claim
                {
                    ArticleId = articleId, Start = 0, End = 10, Exact = $"The harbour board said {i + 100} ferries ran late in district {i}.",
                    Verdict = "false", State = FactDesk.Core.Verdicts.WorkflowState.Done, CreatedAt = instant, UpdatedAt = instant,
                });
            await db.SaveChangesAsync();
        }
        indexer.Wake();
        var after = await indexer.WaitForIndexAsync(TimeSpan.FromMinutes(2), CancellationToken.None);

        Assert.True(after.Done);
        Assert.Equal(before.DeskClaims + Count, after.DeskClaims);
    }

    [Fact]
    public async Task CollectionIndex_OneStampLargerThanAFollowBatch_EveryFactCheckIsSearchable()
    {
        // Instances follow the stored embeddings stamp by stamp, 4,000 rows at a time. A stamp of more rows than that
        // (written in one transaction) used to lose every row past the first 4,000: the follower moved past the stamp.
        var indexer = fixture.Factory.Services.GetRequiredService<FactDesk.Web.Features.FactChecks.FactCheckIndexer>();
        var index = fixture.Factory.Services.GetRequiredService<FactDesk.Web.Features.FactChecks.FactCheckIndex>();
        indexer.Wake();
        Assert.True((await indexer.WaitForIndexAsync(TimeSpan.FromMinutes(2), CancellationToken.None)).Done);
        var before = index.Vectors.Count;

        const int Count = 4_500;
        await using (var db = await fixture.Factory.CreateDbContextAsync())
        {
            var collection = new FactCheckCollection { Name = $"One stamp {Guid.NewGuid():N}", CreatedAt = DateTimeOffset.UtcNow };
            db.Add(collection);
            await db.SaveChangesAsync();
            var stamp = (await db.Set<FactCheck>().MaxAsync(f => (long?)f.IndexStamp) ?? 0) + 1_000;
            var random = new Random(5);
            for (int i = 0; i < Count; i++)
            {
                var v = SyntheticVectors.RandomUnit(random, 384);
                db.Add(new FactCheck
                {
                    CollectionId = collection.Id, Url = $"https://one-stamp.example/{i}", ClaimReviewed = $"Lighthouse keeper tally {i} quillwort{i} was recorded.",
                    ImportedAt = DateTimeOffset.UtcNow, Embedding = FactDesk.Core.Matching.QuantizedVector.From(v).ToBytes(), IndexStamp = stamp,
                });
            }
            await db.SaveChangesAsync();
        }
        indexer.Wake();
        var after = await indexer.WaitForIndexAsync(TimeSpan.FromMinutes(2), CancellationToken.None);

        Assert.True(after.Done);
        Assert.Equal(before + Count, index.Vectors.Count);
        var last = await SearchAsync(fixture.Reviewer, $"quillwort{Count - 1}", take: 1);
        Assert.Equal($"https://one-stamp.example/{Count - 1}", Assert.Single(last).GetProperty("url").GetString());
    }

    [Fact]
    public async Task Search_NoQuery_400()
    {
        using var response = await fixture.Viewer.GetAsync("/api/fact-checks/search?q=");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
