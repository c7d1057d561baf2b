using System.Net;
using FactDesk.Web.Data;
using FactDesk.Web.Tests.Infrastructure;

namespace FactDesk.Web.Tests.Import;

public sealed class SmallLimitFixture : IAsyncLifetime
{
    public const int MaxBytes = 64 * 1024;
    public FactDeskFactory Factory { get; } = new(new Dictionary<string, string?> { ["FactDesk:Import:MaxBytes"] = MaxBytes.ToString() });
    public HttpClient Editor { get; private set; } = null!;

    public async Task InitializeAsync() => Editor = await Factory.CreateClientForAsync(await Factory.CreateAccountAsync(Roles.Editor));

    public async Task DisposeAsync()
    {
        Editor?.Dispose();
        await Factory.DisposeAsync();
    }
}

public sealed class ImportLimitTests(SmallLimitFixture fixture) : IClassFixture<SmallLimitFixture>
{
    private static string Sentences(int bytes)
    {
        const string sentence = "The harbour authority said 1,200 ships called at the port last year. ";
        return string.Concat(Enumerable.Repeat(sentence, bytes / sentence.Length + 1))[..bytes];
    }

    [Fact]
    public async Task ImportText_200KbBodyOver64KbLimit_Returns413AndStoresNothing()
    {
        var before = await fixture.Factory.CountArticlesAsync();

        using var response = await fixture.Editor.PostJsonAsync("/api/articles", new { text = Sentences(200 * 1024) });

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("64 KB", problem.Detail());
        Assert.Equal(before, await fixture.Factory.CountArticlesAsync());
    }

    [Fact]
    public async Task ImportText_TextOverLimitInSmallerRequest_Returns413AndStoresNothing()
    {
        var before = await fixture.Factory.CountArticlesAsync();

        using var response = await fixture.Editor.PostJsonAsync("/api/articles", new { text = Sentences(100 * 1024) });

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("MaxBytes", problem.Detail());
        Assert.Equal(before, await fixture.Factory.CountArticlesAsync());
    }

    [Fact]
    public async Task ImportText_200KbChunkedBody_Returns413AndStoresNothing()
    {
        var before = await fixture.Factory.CountArticlesAsync();
        var json = System.Text.Json.JsonSerializer.Serialize(new { text = Sentences(200 * 1024) });
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await fixture.Editor.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await fixture.Factory.CountArticlesAsync());
    }

    [Fact]
    public async Task ImportText_JustUnderLimit_IsAccepted()
    {
        using var response = await fixture.Editor.PostJsonAsync("/api/articles", new { text = Sentences(60 * 1024) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
