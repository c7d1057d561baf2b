using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Tests.Infrastructure;

/// <summary>Small HTTP helpers: the tests read responses as JSON, as an outside client would.</summary>
public static class TestApi
{
    public const string ShortArticle =
        "The city council approved a budget of $4.2 million on Tuesday, according to the mayor's office. " +
        "Unemployment in the region fell to 3.1% in March, the statistics bureau said. " +
        "Officials told Reuters that 120 new teachers would be hired by September.";

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) =>
        client.PatchAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PostRawJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    /// <summary>Asserts an RFC 7807 problem with the status and a readable detail; returns the problem.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("detail", out var detail) && detail.GetString()?.Length > 10, $"The problem has no clear detail: {text}");
        return problem;
    }

    public static string Detail(this JsonElement problem) => problem.GetProperty("detail").GetString()!;

    public static async Task<int> ImportAsync(this HttpClient client, object request)
    {
        using var response = await client.PostJsonAsync("/api/articles", request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Import answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
    }

    public static Task<int> ImportTextAsync(this HttpClient client, string text = ShortArticle) => client.ImportAsync(new { text });

    public static async Task<JsonElement[]> GetClaimsAsync(this HttpClient client, int articleId, bool includeDismissed = false) =>
        [.. (await client.GetJsonAsync($"/api/articles/{articleId}/claims?includeDismissed={includeDismissed}")).EnumerateArray()];

    public static async Task<JsonElement[]> GetEventsAsync(this HttpClient client, int articleId) =>
        [.. (await client.GetJsonAsync($"/api/articles/{articleId}/events")).EnumerateArray()];

    public static async Task<string> GetBodyAsync(this HttpClient client, int articleId) =>
        (await client.GetJsonAsync($"/api/articles/{articleId}")).GetProperty("body").GetString()!;

    /// <summary>An article with one claim over its first sentence: the suggested one if the spotter made it, else added by hand.</summary>
    public static async Task<(int ArticleId, JsonElement Claim)> ImportWithClaimAsync(this HttpClient client, string text = ShortArticle)
    {
        var articleId = await client.ImportTextAsync(text);
        var claims = await client.GetClaimsAsync(articleId);
        if (claims.Length > 0) return (articleId, claims[0]);
        var body = await client.GetBodyAsync(articleId);
        using var added = await client.PostJsonAsync($"/api/articles/{articleId}/claims", new { start = 0, end = body.IndexOf('.') + 1 });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        return (articleId, await added.ReadJsonAsync());
    }

    public static int Id(this JsonElement e) => e.GetProperty("id").GetInt32();
    public static int Version(this JsonElement e) => e.GetProperty("version").GetInt32();
    public static string? Str(this JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).ToString();

    public static async Task<int> CountArticlesAsync(this FactDeskFactory factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await db.Articles.CountAsync();
    }
}
