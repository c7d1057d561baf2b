using System.Net;
using System.Net.Sockets;
using FactDesk.Web.Data;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FactDesk.Web.Tests.Import;

/// <summary>A desk allowed to fetch from loopback (so tests can serve pages locally), with a one-second fetch timeout.</summary>
public sealed class LocalFetchFixture : IAsyncLifetime
{
    public const string ArticleHtml = """
        <!doctype html>
        <html lang="en"><head>
          <meta charset="utf-8">
          <title>Port traffic hits record – Harbour Gazette</title>
          <meta property="og:title" content="Port traffic hits record">
          <meta property="og:site_name" content="Harbour Gazette">
          <meta name="author" content="Ada Lovelace">
        </head><body>
          <nav><a href="/">Home</a> <a href="/news">News</a></nav>
          <article>
            <h1>Port traffic hits record</h1>
            <p>The port handled 4.1 million containers in 2024, up 12% from the year before, the harbour authority said on Monday.</p>
            <p>According to the authority, 1,200 ships called at the port last year, the highest number since records began in 1950.</p>
            <p>The mayor told reporters that a new terminal would open in March.</p>
          </article>
          <footer>© Harbour Gazette. This site uses cookies.</footer>
        </body></html>
        """;

    public FactDeskFactory Factory { get; } = new(new Dictionary<string, string?>
    {
        ["FactDesk:Import:AllowPrivateNetworks"] = "true",
        ["FactDesk:Import:FetchTimeoutSeconds"] = "1",
        ["FactDesk:Import:MaxBytes"] = (64 * 1024).ToString(),
    });
    public HttpClient Editor { get; private set; } = null!;
    public string PageServer { get; private set; } = null!;
    private WebApplication? _pages;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _pages = builder.Build();
        _pages.MapGet("/story", () => Results.Content(ArticleHtml, "text/html; charset=utf-8"));
        _pages.MapGet("/moved", () => Results.Redirect("/story"));
        _pages.MapGet("/gone", () => Results.NotFound());
        _pages.MapGet("/huge", () => Results.Content("<html><body><article>" + string.Concat(Enumerable.Repeat("<p>The port handled 4.1 million containers.</p>", 3000)) + "</article></body></html>", "text/html"));
        await _pages.StartAsync();
        PageServer = _pages.Urls.First().TrimEnd('/');
        Editor = await Factory.CreateClientForAsync(await Factory.CreateAccountAsync(Roles.Editor));
    }

    public async Task DisposeAsync()
    {
        Editor?.Dispose();
        if (_pages is not null) await _pages.DisposeAsync();
        await Factory.DisposeAsync();
    }
}

public sealed class UrlImportTests(LocalFetchFixture fixture) : IClassFixture<LocalFetchFixture>
{
    [Fact]
    public async Task ImportUrl_LocalArticlePage_Returns201WithTitleAndOutlet()
    {
        var url = $"{fixture.PageServer}/story";

        using var response = await fixture.Editor.PostJsonAsync("/api/articles", new { url });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        Assert.Equal("Port traffic hits record", created.Str("title"));
        var article = await fixture.Editor.GetJsonAsync($"/api/articles/{created.Id()}");
        Assert.Equal("Port traffic hits record", article.Str("title"));
        Assert.Equal("Harbour Gazette", article.Str("outlet"));
        Assert.Equal(url, article.Str("url"));
        var body = article.Str("body")!;
        Assert.Contains("The port handled 4.1 million containers in 2024", body);
        Assert.DoesNotContain("<", body);
        Assert.DoesNotContain("cookies", body);
    }

    [Fact]
    public async Task ImportUrl_Redirect_FollowsAndStoresFinalUrl()
    {
        using var response = await fixture.Editor.PostJsonAsync("/api/articles", new { url = $"{fixture.PageServer}/moved" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var article = await fixture.Editor.GetJsonAsync($"/api/articles/{(await response.ReadJsonAsync()).Id()}");
        Assert.Equal($"{fixture.PageServer}/story", article.Str("url"));
    }

    [Fact]
    public async Task ImportUrl_PageNotFound_Returns400NamingTheStatus()
    {
        var before = await fixture.Factory.CountArticlesAsync();

        using var response = await fixture.Editor.PostJsonAsync("/api/articles", new { url = $"{fixture.PageServer}/gone" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("404", problem.Detail());
        Assert.Equal(before, await fixture.Factory.CountArticlesAsync());
    }

    [Fact]
    public async Task ImportUrl_ServerNeverAnswers_Returns400MentioningTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true) held.Add(await silent.AcceptTcpClientAsync(stop.Token));
            }
            catch (OperationCanceledException) { }
        });
        var before = await fixture.Factory.CountArticlesAsync();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await fixture.Editor.PostJsonAsync("/api/articles", new { url = $"http://127.0.0.1:{port}/slow" });
        started.Stop();

        await stop.CancelAsync();
        await accepting;
        held.ForEach(c => c.Dispose());
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("did not answer within 1 second", problem.Detail());
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"The fetch took {started.Elapsed}, far beyond its one-second timeout.");
        Assert.Equal(before, await fixture.Factory.CountArticlesAsync());
    }

    [Fact]
    public async Task ImportUrl_PageLargerThanMaxBytes_IsRefusedAndStoresNothing()
    {
        var before = await fixture.Factory.CountArticlesAsync();

        using var response = await fixture.Editor.PostJsonAsync("/api/articles", new { url = $"{fixture.PageServer}/huge" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("64 KB", problem.Detail());
        Assert.Equal(before, await fixture.Factory.CountArticlesAsync());
    }

    [Fact]
    public async Task ImportUrl_ConnectionRefused_Returns400Problem()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        using var response = await fixture.Editor.PostJsonAsync("/api/articles", new { url = $"http://127.0.0.1:{port}/" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("could not be fetched", problem.Detail());
    }
}
