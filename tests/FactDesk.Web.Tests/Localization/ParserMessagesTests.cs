using System.Net;
using System.Text;
using FactDesk.Web.Tests.Infrastructure;

namespace FactDesk.Web.Tests.Localization;

/// <summary>
/// A file or body a parser could not read is refused in FactDesk's words, in the request's language, naming where the
/// problem is and what was expected: CsvHelper's and System.Text.Json's English messages were quoted inside the
/// localized sentence ("… after data row 1: Malformed CSV in record 3 …", "… could not be read: The JSON value could not
/// be converted to System.Int32 …"). Also the API's other English: the shipped claim model's name (a description, not a
/// proper name), the filtered report's title, and refusals that were English literals. Each case has an English control.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ParserMessagesTests(ApiFixture fixture)
{
    private const string Article = "The council approved a budget of $4.2 million on Tuesday, the mayor said.";

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string language, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await client.SendAsync(request);
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static List<string> EnglishIn(string sentence) => EnglishText.In("<p>" + WebUtility.HtmlEncode(sentence) + "</p>");

    [Theory]
    [InlineData("uk", "Файл CSV не вдалося прочитати: у рядку 3 лапки стоять усередині поля, яке не починається з лапок. Візьміть усе поле в лапки, а кожні лапки всередині нього подвойте (\"\").")]
    [InlineData("en", "The CSV file could not be read: line 3 has a quote inside a field that does not start with one. Put the whole field in quotes and double each quote inside it (\"\").")]
    public async Task FactChecksCsv_StrayQuote_NamesTheLineInTheRequestsLanguage(string language, string expected)
    {
        using var response = await SendAsync(fixture.EditorClient, HttpMethod.Post, $"/api/fact-checks?collection=Broken-{language}", language,
            Csv("claim,url\nThe sky is green,https://checks.example/1\nThe sea is \"dry\",https://checks.example/2\n"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(expected, problem.Detail());
    }

    [Theory]
    [InlineData("uk", "Файл CSV не вдалося прочитати: поле в лапках у рядку 4 ніде не закрито, тож решта файлу стала б одним значенням.")]
    [InlineData("en", "The CSV file could not be read: the quoted field on line 4 is never closed, so the rest of the file would be one value.")]
    public async Task FactChecksCsv_UnclosedQuote_NamesTheLineInTheRequestsLanguage(string language, string expected)
    {
        // A line break inside quotes is allowed, so the line is where the field starts (the header is line 1).
        using var response = await SendAsync(fixture.EditorClient, HttpMethod.Post, $"/api/fact-checks?collection=Unclosed-{language}", language,
            Csv("claim,url\n\"The sky\nis green\",https://checks.example/1\n\"The sea is dry,https://checks.example/2\nMore,https://checks.example/3\n"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(expected, problem.Detail());
    }

    [Theory]
    [InlineData("uk", "Тіло JSON не вдалося прочитати: «start» (рядок 2, байт ", ") має бути цілим числом.")]
    [InlineData("en", "The JSON body could not be read: “start” (line 2, byte ", ") should be a whole number.")]
    public async Task JsonBody_ValueOfTheWrongKind_NamesThePropertyAndWhatItTakes(string language, string start, string end)
    {
        var articleId = await fixture.EditorClient.ImportTextAsync(Article);

        using var response = await SendAsync(fixture.EditorClient, HttpMethod.Post, $"/api/articles/{articleId}/claims", language,
            new StringContent("{\n  \"start\": \"the beginning\",\n  \"end\": 10\n}", Encoding.UTF8, "application/json"));

        var detail = (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).Detail();
        Assert.StartsWith(start, detail, StringComparison.Ordinal);
        Assert.EndsWith(end, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", detail, StringComparison.Ordinal);
        // the property's name is the API's, as the caller sent it; the rest is Ukrainian
        if (language == "uk") Assert.Empty(EnglishIn(detail.Replace("«start»", "", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("uk", "Тіло запиту — не коректний JSON: помилка в рядку 2, на байті ")]
    [InlineData("en", "The JSON body is not valid JSON: the problem is on line 2, at byte ")]
    public async Task JsonBody_BrokenJson_NamesTheLineAndByte(string language, string expected)
    {
        var articleId = await fixture.EditorClient.ImportTextAsync(Article);

        using var response = await SendAsync(fixture.EditorClient, HttpMethod.Post, $"/api/articles/{articleId}/claims", language,
            new StringContent("{\"start\": 0,\n \"end\": 10,, }", Encoding.UTF8, "application/json"));

        var detail = (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).Detail();
        Assert.StartsWith(expected, detail, StringComparison.Ordinal);
        Assert.Matches(@"\d+ (of that line|цього рядка)\.$", detail);
        if (language == "uk") Assert.Empty(EnglishIn(detail));
    }

    [Theory]
    [InlineData("uk", "Тіло JSON не вдалося прочитати: воно має бути обʼєктом.")]
    [InlineData("en", "The JSON body could not be read: it should be an object.")]
    public async Task JsonBody_AListWhereAnObjectBelongs_SaysWhatItShouldBe(string language, string expected)
    {
        var articleId = await fixture.EditorClient.ImportTextAsync(Article);

        using var response = await SendAsync(fixture.EditorClient, HttpMethod.Post, $"/api/articles/{articleId}/claims", language,
            new StringContent("[0, 10]", Encoding.UTF8, "application/json"));

        Assert.Equal(expected, (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).Detail());
    }

    [Theory]
    [InlineData("uk", "Вбудована модель (дебати ClaimBuster)")]
    [InlineData("en", "Shipped model (ClaimBuster debates)")]
    public async Task ClaimModel_TheShippedModelsName_IsADescriptionInTheRequestsLanguage(string language, string expected)
    {
        // No test of this collection switches the desk's model (DeskModelTests runs its own app).
        using var response = await SendAsync(fixture.EditorClient, HttpMethod.Get, "/api/claim-model", language);

        var current = (await response.ReadJsonAsync()).GetProperty("current");
        Assert.Equal("shipped", current.GetProperty("source").GetString());
        Assert.Equal(expected, current.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("uk", "Лише редактори можуть переоцінювати статті.", "Лише редактори можуть видаляти колекції.")]
    [InlineData("en", "Only Editors can re-score articles.", "Only Editors can delete collections.")]
    public async Task EditorsOnly_ReviewerRefused_InTheRequestsLanguage(string language, string rescore, string delete)
    {
        using var rescoring = await SendAsync(fixture.ReviewerClient, HttpMethod.Post, "/api/claims/rescore", language);
        Assert.Equal(rescore, (await rescoring.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail());

        using var deleting = await SendAsync(fixture.ReviewerClient, HttpMethod.Delete, "/api/fact-checks/collections/1", language);
        Assert.Equal(delete, (await deleting.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail());
    }

    [Theory]
    [InlineData("uk", "Ця стаття вже містить 3 твердження — найбільше, що FactDesk зберігає для однієї статті (налаштування FactDesk:Claims:MaxPerArticle). Відхиліть або обʼєднайте непотрібні твердження; нічого не додано.")]
    [InlineData("en", "This article already holds 3 claims, the most FactDesk keeps for one article (setting FactDesk:Claims:MaxPerArticle). Dismiss or merge claims you do not need; nothing was added.")]
    public async Task AddClaim_PastThePerArticleCap_RefusedInTheRequestsLanguage(string language, string expected)
    {
        await using var app = new FactDeskFactory(new Dictionary<string, string?> { ["FactDesk:Claims:MaxPerArticle"] = "3" });
        using var editor = await app.CreateClientForAsync(await app.CreateAccountAsync(Roles.Editor));
        var id = await editor.ImportTextAsync(string.Concat(Enumerable.Range(0, 6)
            .Select(i => $"The council approved a budget of ${i + 1}.2 million on Tuesday, according to the mayor's office. ")));
        Assert.Equal(3, (await editor.GetClaimsAsync(id)).Length);
        var body = await editor.GetBodyAsync(id);

        using var response = await SendAsync(editor, HttpMethod.Post, $"/api/articles/{id}/claims", language,
            new StringContent($"{{\"start\": {body.Length - 30}, \"end\": {body.Length - 2}}}", Encoding.UTF8, "application/json"));

        Assert.Equal(expected, (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).Detail());
    }

    [Theory]
    [InlineData("uk", "# Експорт за фільтром\n")]
    [InlineData("en", "# Filtered export\n")]
    public async Task FilteredReport_ItsTitle_InTheExportersLanguage(string language, string title)
    {
        await fixture.EditorClient.ImportTextAsync(Article);

        using var response = await SendAsync(fixture.ViewerClient, HttpMethod.Get, "/api/export?format=markdown&search=council", language);

        var markdown = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, markdown);
        Assert.StartsWith(title, markdown, StringComparison.Ordinal);
    }
}
