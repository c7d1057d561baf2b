using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FactDesk.Web.Tests.Infrastructure;

namespace FactDesk.Web.Tests.Claims;

[Collection(ApiCollection.Name)]
public sealed class CheckWorthinessApiTests(ApiFixture fixture)
{
    private const string Text = "Thank you all for coming tonight. The county built 140 new schools between 2010 and 2016, the education office said. " +
                                "What do you think about that?";

    [Fact]
    public async Task Post_Text_ScoresEachSentenceInOrderWithOffsetsTypeAndReasons()
    {
        // a Viewer's token is enough: scoring writes nothing
        using var response = await fixture.ViewerClient.PostJsonAsync("/api/check-worthiness", new { text = Text });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.ReadJsonAsync();
        var sentences = json.GetProperty("sentences").EnumerateArray().ToList();
        Assert.Equal(3, sentences.Count);
        int previousEnd = 0;
        foreach (var s in sentences)
        {
            int start = s.GetProperty("start").GetInt32(), end = s.GetProperty("end").GetInt32();
            Assert.True(start >= previousEnd);
            Assert.Equal(Text[start..end], s.Str("text"));
            Assert.InRange(s.GetProperty("score").GetDouble(), 0, 1);
            Assert.Equal(JsonValueKind.Array, s.GetProperty("reasons").ValueKind);
            previousEnd = end;
        }
        var schools = sentences[1];
        Assert.Equal("statistic", schools.Str("type"));
        Assert.True(schools.GetProperty("suggested").GetBoolean());
        Assert.Contains(schools.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("a number with a unit: 140 new", StringComparison.Ordinal));
        Assert.True(schools.GetProperty("score").GetDouble() > sentences[0].GetProperty("score").GetDouble());
        Assert.True(schools.GetProperty("score").GetDouble() > sentences[2].GetProperty("score").GetDouble());
        Assert.Equal("opinion", sentences[2].Str("type"));
        Assert.InRange(json.GetProperty("threshold").GetDouble(), 0.05, 0.95);
    }

    [Fact]
    public async Task Post_Sentences_ScoresThemAsGiven()
    {
        string[] given = ["We lost 700,000 jobs in 2009.", "Thank you.", "Mr. Smith said prices rose by 4% in May. And then?"];
        using var response = await fixture.ReviewerClient.PostJsonAsync("/api/check-worthiness", new { sentences = given });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sentences = (await response.ReadJsonAsync()).GetProperty("sentences").EnumerateArray().ToList();
        Assert.Equal(given, sentences.Select(s => s.Str("text")));
        Assert.Equal(0, sentences[0].GetProperty("start").GetInt32());
        Assert.Equal(given[0].Length + 1, sentences[1].GetProperty("start").GetInt32());
    }

    [Theory]
    [InlineData("""{"text":"A.","sentences":["B."]}""", "exactly one")]
    [InlineData("""{}""", "exactly one")]
    [InlineData("""{"sentences":["Fine.",""]}""", "Sentence 1 is empty")]
    [InlineData("""{"text":42}""", "could not be read")]
    public async Task Post_BadBody_AnswersWithASentence(string json, string expected)
    {
        using var response = await fixture.EditorClient.PostRawJsonAsync("/api/check-worthiness", json);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(expected, problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithoutSignIn_IsRefused()
    {
        using var anonymous = fixture.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await anonymous.PostJsonAsync("/api/check-worthiness", new { text = Text });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_DescribesTheEndpoint()
    {
        var doc = await fixture.EditorClient.GetJsonAsync("/openapi/v1.json");
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/check-worthiness", out var path));
        Assert.True(path.TryGetProperty("post", out _));
    }
}

public sealed class CheckWorthinessLimitTests : IAsyncLifetime
{
    private const int MaxBytes = 16 * 1024;
    private readonly FactDeskFactory _factory = new(new Dictionary<string, string?> { ["FactDesk:Import:MaxBytes"] = MaxBytes.ToString() });
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await _factory.CreateAccountAsync(Web.Kernel.Roles.Editor, "Edda Editor");
        _client = await _factory.CreateClientForAsync(await _factory.CreateAccountAsync(Web.Kernel.Roles.Viewer, "Vera Viewer"));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Post_TextOverTheImportLimit_Answers413WithTheLimit()
    {
        var text = string.Concat(Enumerable.Repeat("Prices rose by 4% in May. ", MaxBytes / 20));
        using var response = await _client.PostJsonAsync("/api/check-worthiness", new { text });
        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("16 KB", problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_SentencesOverTheImportLimit_Answers413()
    {
        var sentences = Enumerable.Repeat("Prices rose by 4% in May.", MaxBytes / 20).ToArray();
        using var response = await _client.PostJsonAsync("/api/check-worthiness", new { sentences });
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Post_RawJsonOverTheLimit_Answers413()
    {
        var text = new string('x', MaxBytes * 3);
        using var content = new StringContent(JsonSerializer.Serialize(new { text }));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _client.PostAsync("/api/check-worthiness", content);
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }
}
