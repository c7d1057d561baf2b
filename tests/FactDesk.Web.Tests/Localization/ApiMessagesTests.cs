using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace FactDesk.Web.Tests.Localization;

/// <summary>
/// The API answers a person in the language of the request (Accept-Language): an annotation file's orphans and
/// refusals, a refused API token, problem titles. These sentences were English whatever the request asked for. Codes,
/// property names and values a client matches on stay as they are; each case has an English control.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiMessagesTests(ApiFixture fixture)
{
    private const string Article = """
        The council approved a budget of $4.2 million on Tuesday, the mayor said.

        Unemployment fell to 3.5% in March, according to the statistics office.
        """;

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string language, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData("uk-UA,uk;q=0.9", "цитованого тексту «The moon is made of cheese» у цій статті немає")]
    [InlineData("en", "the quoted text “The moon is made of cheese” is not in this article")]
    public async Task ImportAnnotations_Orphan_ReasonInTheRequestsLanguage(string language, string expected)
    {
        var articleId = await fixture.EditorClient.ImportTextAsync(Article);
        const string json = """
            [{"@context":"http://www.w3.org/ns/anno.jsonld","type":"Annotation","target":{"selector":{"type":"TextQuoteSelector","exact":"The moon is made of cheese"}}},
             {"@context":"http://www.w3.org/ns/anno.jsonld","type":"Annotation","target":{"selector":{"type":"TextQuoteSelector","exact":"the mayor said"}}}]
            """;

        using var response = await SendAsync(fixture.EditorClient, HttpMethod.Post, $"/api/articles/{articleId}/annotations?dryRun=true", language,
            new StringContent(json, Encoding.UTF8, "application/ld+json"));

        var result = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, result.ToString());
        var orphan = Assert.Single(result.GetProperty("orphans").EnumerateArray());
        Assert.Equal(expected, orphan.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("uk", "Анотації не вдалося прочитати", "Файл — не коректний JSON: помилка в рядку 1, на байті ")]
    [InlineData("en", "The annotations could not be read", "The file is not valid JSON: the problem is on line 1, at byte ")]
    public async Task ImportAnnotations_NotJson_ProblemInTheRequestsLanguage(string language, string title, string detail)
    {
        var articleId = await fixture.EditorClient.ImportTextAsync(Article);

        using var response = await SendAsync(fixture.EditorClient, HttpMethod.Post, $"/api/articles/{articleId}/annotations", language,
            new StringContent("{\"type\": \"Annotation\", ", Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.StartsWith(detail, problem.Detail(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uk", "Анотації не вдалося прочитати", "Статті 987654 не існує.")]
    [InlineData("en", "The annotations could not be read", "Article 987654 does not exist.")]
    public async Task ImportAnnotations_NoSuchArticle_404InTheRequestsLanguage(string language, string title, string detail)
    {
        using var response = await SendAsync(fixture.EditorClient, HttpMethod.Post, "/api/articles/987654/annotations", language,
            new StringContent("[]", Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(detail, problem.Detail());
    }

    [Theory]
    [InlineData("uk", "Потрібна автентифікація", "Такий API-токен невідомий.")]
    [InlineData("en", "Authentication required", "The API token is not known.")]
    public async Task UnknownApiToken_401InTheRequestsLanguage(string language, string title, string detail)
    {
        using var client = fixture.Factory.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "fdk_" + new string('A', 43));

        using var response = await SendAsync(client, HttpMethod.Get, "/api/articles", language);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(detail, problem.Detail());
    }

    [Theory]
    [InlineData("uk", "Потрібна автентифікація", "Увійдіть або надішліть особистий API-токен як токен Bearer.")]
    [InlineData("en", "Authentication required", "Sign in, or send a personal API token as a bearer token.")]
    public async Task NoSignIn_401InTheRequestsLanguage(string language, string title, string detail)
    {
        using var client = fixture.Factory.CreateApiClient();

        using var response = await SendAsync(client, HttpMethod.Get, "/api/articles", language);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(detail, problem.Detail());
    }

    [Theory]
    [InlineData("uk", "Виберіть формат: claimreview, w3c, csv, markdown або html.")]
    [InlineData("en", "Choose a format: claimreview, w3c, csv, markdown or html.")]
    public async Task Export_UnknownFormat_RefusedInTheRequestsLanguage(string language, string detail)
    {
        var articleId = await fixture.EditorClient.ImportTextAsync(Article);

        using var response = await SendAsync(fixture.EditorClient, HttpMethod.Get, $"/api/articles/{articleId}/export?format=pdf", language);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(language == "uk" ? "Некоректний запит" : "Invalid request", problem.GetProperty("title").GetString());
        Assert.Equal(detail, problem.Detail());
    }

    [Theory]
    [InlineData("uk", "Некоректний запит", "Цей файл — не модель тверджень FactDesk. Завантажте файл, який записала команда train-claims (claims-model.bin).")]
    [InlineData("en", "Invalid request", "This file is not a FactDesk claim model. Upload the file train-claims wrote (claims-model.bin).")]
    public async Task UploadClaimModel_NotAModel_RefusedInTheRequestsLanguage(string language, string title, string detail)
    {
        using var content = new ByteArrayContent("label,text\n1,hello"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await SendAsync(fixture.EditorClient, HttpMethod.Post, "/api/claim-model/desk-models", language, content);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(detail, problem.Detail());
    }

    [Theory]
    [InlineData("uk", "Надішліть текст для пошуку як ?q=.")]
    [InlineData("en", "Send the text to search for as ?q=.")]
    public async Task SearchFactChecks_NoQuery_RefusedInTheRequestsLanguage(string language, string detail)
    {
        using var response = await SendAsync(fixture.EditorClient, HttpMethod.Get, "/api/fact-checks/search", language);

        Assert.Equal(detail, (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).Detail());
    }
}

/// <summary>The hub refuses in the language of the connection's request, as the API does.</summary>
[Collection(RealtimeCollection.Name)]
public sealed class HubMessagesTests(RealtimeFixture fixture)
{
    [Theory]
    [InlineData("uk", "Назва поля — щонайбільше 40 латинських літер, цифр, '-', '_' або '.', наприклад \"conclusion\".")]
    [InlineData("en", "The field name must be at most 40 letters, digits, '-', '_' or '.', such as \"conclusion\".")]
    public async Task Typing_BadFieldName_RefusedInTheConnectionsLanguage(string language, string expected)
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(fixture.HubUrl, HttpTransportType.WebSockets, o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(fixture.Ana.Token.Token);
                o.Headers["Accept-Language"] = language;
            })
            .Build();
        await connection.StartAsync();
        await connection.InvokeAsync<JsonElement[]>("JoinArticle", articleId, 0);

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("Typing", articleId, claim.GetProperty("id").GetInt32(), "no spaces allowed"));

        // the client sees the server's sentence after SignalR's own prefix
        Assert.EndsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
