using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FactDesk.Core.Import;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Localization;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactDesk.Web.Tests.Localization;

/// <summary>
/// Why an import was refused, in the reader's language. Core's refusals (a page of links, a page with no article,
/// binary or badly encoded files, hostile markup) were English sentences on the Ukrainian import page and in the API;
/// they are now reasons Core gives and the Web layer words. A source past the size limit is 413 in any language (the
/// API told it from 400 by English words), and a fact-check feed fetched by address is held to the fact-check import's
/// own limit and worded as a feed, not as an article.
/// </summary>
public sealed partial class ImportMessagesTests : IAsyncLifetime
{
    private const long ArticleLimit = 64 * 1024;
    private const long FeedLimit = 256 * 1024;

    private readonly FactDeskFactory _app = new(new Dictionary<string, string?>
    {
        ["FactDesk:Import:MaxBytes"] = ArticleLimit.ToString(CultureInfo.InvariantCulture),
        ["FactDesk:FactChecks:MaxImportBytes"] = FeedLimit.ToString(CultureInfo.InvariantCulture),
        ["FactDesk:Import:AllowPrivateNetworks"] = "true",
        ["FactDesk:Import:FetchTimeoutSeconds"] = "2",
    });
    private WebApplication? _feeds;
    private string _server = "";
    private HttpClient _editor = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _feeds = builder.Build();
        // between the article limit and the feed limit: a feed this size is read; past the feed limit, with and without a length
        _feeds.MapGet("/feed-100k", () => Results.Content(Feed(100 * 1024), "application/ld+json"));
        _feeds.MapGet("/feed-400k", () => Results.Content(Feed(400 * 1024), "application/ld+json"));
        _feeds.MapGet("/feed-400k-chunked", async (HttpContext http) =>
        {
            http.Response.ContentType = "application/ld+json";
            var bytes = Encoding.UTF8.GetBytes(Feed(400 * 1024));
            for (var at = 0; at < bytes.Length; at += 16 * 1024)
            {
                await http.Response.Body.WriteAsync(bytes.AsMemory(at, Math.Min(16 * 1024, bytes.Length - at)));
                await http.Response.Body.FlushAsync();
            }
        });
        await _feeds.StartAsync();
        _server = _feeds.Urls.First().TrimEnd('/');
        _editor = await _app.CreateClientForAsync(await _app.CreateAccountAsync(Roles.Editor));
    }

    public async Task DisposeAsync()
    {
        _editor.Dispose();
        if (_feeds is not null) await _feeds.DisposeAsync();
        await _app.DisposeAsync();
    }

    private static string Feed(int atLeast)
    {
        var items = new List<string>();
        for (var i = 0; items.Sum(s => s.Length) < atLeast; i++)
            items.Add($$"""{ "@type": "ClaimReview", "url": "https://checks.example/feed/{{i}}", "claimReviewed": "The harbour handled {{i}} thousand containers in the winter of the year before last, the port authority said.", "reviewRating": { "@type": "Rating", "alternateName": "False" } }""");
        return "[" + string.Join(",\n", items) + "]";
    }

    private static string Links(int count) =>
        "<html><head><title>Index</title></head><body><ul>"
        + string.Concat(Enumerable.Range(1, count).Select(i => $"<li><a href=\"https://news.example/story-{i}\">Story number {i} of the day</a></li>"))
        + "</ul></body></html>";

    // every way Core refuses an import, driven through the import service the page and the API use
    public static TheoryData<string, string> Refusals() => new()
    {
        { "links", "На цій сторінці 40 посилань, а статті немає." },
        { "links-22", "На цій сторінці 22 посилання, а статті немає." },
        { "links-21", "На цій сторінці 21 посилання, а статті немає." },
        { "no-text", "На цій сторінці немає тексту поза скриптами й розміткою" },
        { "few-words", "На цій сторінці лише 3 слова тексту" },
        { "furniture", "Не знайдено нічого схожого на текст статті." },
        { "deep", "вкладені глибше ніж на 1 000 рівнів" },
        { "png", "Файл «chart.txt» містить двійкові дані — схоже, це зображення PNG, а не текст." },
        { "binary", "Файл «notes.txt» містить двійкові дані, а не текст." },
        { "type", "Файли типу .pdf імпортувати не можна." },
        { "empty-file", "Файл порожній." },
        { "blank-file", "Файл порожній: у ньому лише пробіли або порожні рядки." },
        { "utf8", "Файл не є коректним текстом UTF-8: байти на позиції 6 не вдається прочитати." },
        { "charset", "Текст оголошує кодування «x-klingon», якого FactDesk не знає." },
    };

    private static ImportPreview Attempt(ImportService import, string kind) => kind switch
    {
        "links" => import.PreviewText(Links(40), SourceFormat.Html),
        "links-22" => import.PreviewText(Links(22), SourceFormat.Html),
        "links-21" => import.PreviewText(Links(21), SourceFormat.Html),
        "no-text" => import.PreviewText("<html><body><script>render()</script></body></html>", SourceFormat.Html),
        "few-words" => import.PreviewText("<html><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a> <a href=\"/sport\">Sport</a></nav></body></html>", SourceFormat.Html),
        "furniture" => import.PreviewText("Read more\n\nFriday February 21st, 2025\n\nWe use cookies.", SourceFormat.PlainText),
        "deep" => import.PreviewText(string.Concat(Enumerable.Repeat("<div>", 2_000)) + "deep" + string.Concat(Enumerable.Repeat("</div>", 2_000)), SourceFormat.Html),
        "png" => import.PreviewUpload([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52], "chart.txt", null),
        "binary" => import.PreviewUpload([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0E, 0x0F], "notes.txt", null),
        "type" => import.PreviewUpload("text"u8, "report.pdf", null),
        "empty-file" => import.PreviewUpload([], "a.txt", null),
        "blank-file" => import.PreviewUpload("  \n\n"u8, "a.txt", null),
        "utf8" => import.PreviewUpload([(byte)'H', (byte)'e', (byte)'l', (byte)'l', (byte)'o', (byte)' ', 0xC3, 0x28, (byte)'!'], "a.txt", null),
        "charset" => import.PreviewUpload("Hello there"u8, "a.txt", "text/plain; charset=x-klingon"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void CoreRefusal_IsWordedInUkrainian_AndInEnglish(string kind, string ukrainian)
    {
        using var scope = _app.Services.CreateScope();
        var import = scope.ServiceProvider.GetRequiredService<ImportService>();

        string Said(string culture)
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            var refusal = Assert.Throws<ImportException>(() => Attempt(import, kind));
            Assert.NotNull(refusal.Reason); // Core's own refusal, not a sentence made in Core
            return Say.Text(refusal);
        }

        // Ukrainian groups thousands with a no-break space
        var uk = Said("uk-UA").Replace('\u00A0', ' ').Replace('\u202F', ' ');
        var en = Said("en");
        Assert.Contains(ukrainian, uk, StringComparison.Ordinal);
        Assert.True(EnglishIn(uk).Count == 0, $"English in a Ukrainian refusal: {uk}");
        Assert.NotEqual(uk, en);
        Assert.NotEmpty(EnglishIn(en));
        // no key left unworded in either language
        Assert.DoesNotMatch(KeyLike(), uk);
        Assert.DoesNotMatch(KeyLike(), en);
    }

    [Fact]
    public void Provenance_OfEveryValue_IsWordedInUkrainian()
    {
        // a page whose values come from markup, the byline, the address and the body text (German, declared English)
        const string page = """
            <html lang="en"><head><title>Buslinie 12 wird verlängert – Stadtzeitung</title>
            <meta property="og:site_name" content="Stadtzeitung"><link rel="canonical" href="https://zeitung.example/2024/03/05/buslinie"></head>
            <body><article><p class="byline">Von Anna Schmidt</p>
            <p>Der Stadtrat hat am Dienstag beschlossen, die Buslinie 12 bis zum neuen Bahnhof zu verlängern, und die Kosten sind mit vier Millionen Euro veranschlagt.</p>
            <p>Die Opposition kritisierte, dass die Anwohner nicht gefragt wurden und das Projekt nicht ausreichend geprüft ist, obwohl es seit zwei Jahren geplant wird.</p>
            </article></body></html>
            """;
        using var scope = _app.Services.CreateScope();
        var import = scope.ServiceProvider.GetRequiredService<ImportService>();
        var preview = import.PreviewText(page, SourceFormat.Html, new ArticleMetadata { Url = new Uri("https://zeitung.example/2024/03/05/buslinie") });
        var sources = preview.Cleaned.Metadata.Sources!;
        var all = new[] { sources.Title, sources.Author, sources.Outlet, sources.Language, sources.Url, sources.CanonicalUrl, sources.PublishedAt, sources.Text }
            .OfType<FactDesk.Core.Text.Reason>().ToList();
        Assert.Contains(all, r => r.Code == "From.WithoutSuffix");
        Assert.Contains(all, r => r.Code == "From.BodyNotDeclared");
        Assert.Contains(all, r => r.Code == "From.Byline");
        Assert.Contains(all, r => r.Code == "From.DateInAddress");
        Assert.Equal(MetadataSources.Given, sources.Url);

        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("uk-UA");
        foreach (var reason in all)
        {
            var said = Say.Text(reason);
            // markup and JSON-LD property names are named as such
            var words = Regex.Replace(said, @"<[^>]+>|JSON-LD \w+|SmartReader", "");
            Assert.True(EnglishIn(words).Count == 0, $"English in a Ukrainian source: {said}");
            Assert.DoesNotMatch(@"\bFrom\.[A-Z]", said);
        }
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        Assert.Equal("<title> without the site suffix", Say.Text(sources.Title!));
        Assert.Equal("body text (the page declares “en”)", Say.Text(sources.Language!));
    }

    [Theory]
    [InlineData("uk", "Статтю не вдалося імпортувати", "На цій сторінці 40 посилань, а статті немає.")]
    [InlineData("en", "The article could not be imported", "This page is a list of 40 links, not an article.")]
    public async Task Api_PageOfLinks_400InTheRequestsLanguage(string language, string title, string detail)
    {
        var before = await _app.CountArticlesAsync();
        using var response = await SendAsync(HttpMethod.Post, "/api/articles", language, JsonContent(new { html = Links(40) }));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.StartsWith(detail, problem.Detail());
        Assert.Equal(before, await _app.CountArticlesAsync());
    }

    [Theory]
    [InlineData("uk", "щонайбільше 64 КБ на статтю")]
    [InlineData("en", "at most 64 KB per article")]
    public async Task Api_TextOverTheArticleLimit_413InEitherLanguage(string language, string detail)
    {
        var before = await _app.CountArticlesAsync();
        // under the request's own limit (JSON escaping has room), over the article's
        var text = string.Concat(Enumerable.Repeat("The harbour handled 4.1 million containers last year. ", 1_400));
        using var response = await SendAsync(HttpMethod.Post, "/api/articles", language, JsonContent(new { text }));

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains(detail, problem.Detail().Replace('\u00A0', ' '));
        Assert.Equal(before, await _app.CountArticlesAsync());
    }

    [Theory]
    [InlineData("uk", "/feed-400k", "Стрічка має ", "щонайбільше 256 КБ фактчеків за раз", false)]
    [InlineData("uk", "/feed-400k-chunked", "Стрічка має ", "щонайбільше 256 КБ фактчеків за раз", true)]
    [InlineData("en", "/feed-400k", "The feed is ", "at most 256 KB of fact-checks at once", false)]
    [InlineData("en", "/feed-400k-chunked", "The feed is ", "at most 256 KB of fact-checks at once", true)]
    public async Task FactCheckFeed_PastTheFeedLimit_413WordedAsAFeed(string language, string path, string opens, string limit, bool stopped)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/fact-checks?collection=Big-{language}&url={Uri.EscapeDataString(_server + path)}", language);

        var detail = (await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge)).Detail().Replace('\u00A0', ' ');
        Assert.StartsWith(opens, detail);
        Assert.Contains(limit, detail);
        Assert.DoesNotContain("article", detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("статт", detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(stopped, detail.Contains(language == "uk" ? "завантаження на цьому зупинено" : "the download was stopped there", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FactCheckFeed_LargerThanAnArticle_IsReadUnderTheFeedLimit()
    {
        // 100 KB: past the article limit (64 KB), which held feeds too, within the fact-check import's (256 KB)
        using var response = await SendAsync(HttpMethod.Post, $"/api/fact-checks?collection=Mid&wait=true&url={Uri.EscapeDataString(_server + "/feed-100k")}", "en");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.True(System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("added").GetInt32() > 100, text);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string language, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await _editor.SendAsync(request);
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    // format names, file types and encodings the sentence names as such
    private static List<string> EnglishIn(string sentence) =>
        EnglishText.In("<p>" + WebUtility.HtmlEncode(Names().Replace(sentence, "")) + "</p>");

    [GeneratedRegex(@"(?<![\w.])(?:PNG|JPEG|GIF|ZIP|PDF|gzip|Word|Office|UTF-8|JavaScript|Windows-1251|x-klingon|chart\.txt|notes\.txt|\.txt|\.html|\.md|\.pdf)(?![\w-])")]
    private static partial Regex Names();

    [GeneratedRegex(@"\b(?:Import|FileKind)\.[A-Z]")]
    private static partial Regex KeyLike();
}
