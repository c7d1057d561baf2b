using System.Net;
using System.Text;
using System.Text.Json;
using FactDesk.Web.Data;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using FactDesk.Web.Tests.Sessions;

namespace FactDesk.Web.Tests.Localization;

/// <summary>
/// The corrections log's line of what changed is worded for whoever reads it, not stored in the words of whoever made
/// the change: one entry, written once, reads in Ukrainian for a Ukrainian request and in English for an English one, in
/// the API and in the reports. It was stored as an English sentence (an annotation import even named verdicts by key).
/// Entries stored before are shown as they were written.
/// </summary>
[Collection(SessionsCollection.Name)]
public sealed class CorrectionsLogTests(RealtimeFixture fixture)
{
    [Theory]
    [InlineData("uk", "імпорт анотацій: вердикт «Переважно правда» → «Неправда»; висновок змінено")]
    [InlineData("en", "annotation import: verdict “Mostly true” → “False”; conclusion changed")]
    public async Task AnnotationImport_OnASignedOffClaim_WhatChangedInTheReadersLanguage(string language, string expected)
    {
        var (articleId, claim) = await SignedOffAsync();
        var file = Annotation(articleId, claim.GetProperty("text").GetString()!, "False", "The minutes say otherwise.");
        using (var corrected = await fixture.Editor.Http.PostAsync($"/api/articles/{articleId}/annotations?correction=Rechecked",
                   new StringContent(file, Encoding.UTF8, "application/ld+json")))
            Assert.True(corrected.StatusCode == HttpStatusCode.OK, await corrected.Content.ReadAsStringAsync());

        Assert.Equal(expected, await WhatAsync(articleId, claim.Id(), language));
    }

    [Theory]
    [InlineData("uk", "вердикт: «Переважно правда» → «Неправда»; висновок: «немає» → «Протокол каже інше.»")]
    [InlineData("en", "verdict: “Mostly true” → “False”; conclusion: “none” → “Протокол каже інше.”")]
    public async Task Correction_ByAnEditor_WhatChangedInTheReadersLanguage(string language, string expected)
    {
        var (articleId, claim) = await SignedOffAsync();
        var version = (await fixture.Editor.Http.GetClaimAsync(claim.Id())).Version();
        using (var corrected = await fixture.Editor.Http.PostJsonAsync($"/api/claims/{claim.Id()}/corrections",
                   new { version, verdict = "false", conclusion = "Протокол каже інше.", why = "Rechecked" }))
            Assert.True(corrected.StatusCode == HttpStatusCode.OK, await corrected.Content.ReadAsStringAsync());

        Assert.Equal(expected, await WhatAsync(articleId, claim.Id(), language));
    }

    [Theory]
    [InlineData("uk", "редакція тексту 2: твердження переміщено з {0}–{1} на {2}–{3}")]
    [InlineData("en", "revision 2: claim moved {0}–{1} → {2}–{3}")]
    public async Task Revision_MovingASignedOffClaim_WhatChangedInTheReadersLanguage(string language, string expected)
    {
        var (articleId, claim) = await SignedOffAsync();
        var (start, end) = (claim.GetProperty("start").GetInt32(), claim.GetProperty("end").GetInt32());
        const string lead = "A new first paragraph was added by the outlet.\n\n";
        var body = await fixture.Editor.Http.GetBodyAsync(articleId);
        using (var revised = await fixture.Editor.Http.PostJsonAsync($"/api/articles/{articleId}/revisions?correction=The+outlet+updated+it", new { text = lead + body }))
            Assert.True(revised.StatusCode == HttpStatusCode.OK, await revised.Content.ReadAsStringAsync());
        var moved = await fixture.Editor.Http.GetClaimAsync(claim.Id());

        Assert.Equal(string.Format(expected, start, end, moved.GetProperty("start").GetInt32(), moved.GetProperty("end").GetInt32()), await WhatAsync(articleId, claim.Id(), language));
    }

    [Theory]
    [InlineData("uk", "- **Вердикт:**", "вердикт: «Переважно правда» → «Неправда»")]
    [InlineData("en", "- **Verdict:**", "verdict: “Mostly true” → “False”")]
    public async Task MarkdownReport_WordsTheLogInTheExportersLanguage(string language, string heading, string expected)
    {
        var (articleId, claim) = await SignedOffAsync();
        var version = (await fixture.Editor.Http.GetClaimAsync(claim.Id())).Version();
        using (var corrected = await fixture.Editor.Http.PostJsonAsync($"/api/claims/{claim.Id()}/corrections", new { version, verdict = "false", why = "Rechecked" }))
            Assert.True(corrected.StatusCode == HttpStatusCode.OK, await corrected.Content.ReadAsStringAsync());

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{articleId}/export?format=markdown");
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await fixture.Viewer.Http.SendAsync(request);
        var markdown = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, markdown);
        Assert.Contains(heading, markdown, StringComparison.Ordinal);
        Assert.Contains(expected, markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uk")]
    [InlineData("en")]
    public async Task AnEntryStoredAsASentence_ReadsAsItWasWritten(string language)
    {
        // Entries written before the log stored reasons are English sentences; they stay readable, unchanged.
        var (articleId, claim) = await SignedOffAsync();
        const string old = "annotation import: verdict “mostly-true” → “false”, conclusion changed: yes";
        await using (var db = await fixture.Factory.CreateDbContextAsync())
        {
            using var seeding = FactDesk.Web.Data.ArticleWriteScope.Open(db); // the test writes the rows itself, as no page may
            db.Corrections.Add(new Correction { ArticleId = articleId, ClaimId = claim.Id(), At = DateTimeOffset.UtcNow, AuthorId = fixture.Editor.User.Id, AuthorName = fixture.Editor.Name, What = old, Why = "Rechecked" });
            await db.SaveChangesAsync();
        }

        Assert.Equal(old, await WhatAsync(articleId, claim.Id(), language));
    }

    /// <summary>What the log says changed on the claim (its one entry for that claim), as <paramref name="language"/> reads it.</summary>
    private async Task<string> WhatAsync(int articleId, int claimId, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{articleId}/corrections");
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await fixture.Viewer.Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var log = Assert.Single((await response.ReadJsonAsync()).EnumerateArray(), c => c.GetProperty("claimId").GetInt32() == claimId);
        return log.GetProperty("what").GetString()!;
    }

    /// <summary>An article whose claim has verdict "mostly-true", in a session the Editor signed off.</summary>
    private async Task<(int ArticleId, JsonElement Claim)> SignedOffAsync()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var session = await fixture.Editor.Http.StartSessionAsync(articleId, new { participantIds = new[] { fixture.Ana.User.Id }, blind = false, mode = "direct" });
        using (var verdict = await fixture.Editor.Http.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "mostly-true" }))
            Assert.True(verdict.StatusCode == HttpStatusCode.OK, await verdict.Content.ReadAsStringAsync());
        await fixture.Editor.Http.PostOkAsync($"/api/sessions/{session.Id()}/signoff", new { });
        return (articleId, await fixture.Editor.Http.GetClaimAsync(claim.Id()));
    }

    private static string Annotation(int articleId, string exact, string verdict, string conclusion) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["@context"] = "http://www.w3.org/ns/anno.jsonld",
        ["type"] = "Annotation",
        ["motivation"] = "assessing",
        ["body"] = new object[]
        {
            new Dictionary<string, object> { ["type"] = "TextualBody", ["purpose"] = "assessing", ["value"] = verdict },
            new Dictionary<string, object> { ["id"] = "https://desk.example/annotations/1#conclusion", ["type"] = "TextualBody", ["purpose"] = "commenting", ["value"] = conclusion },
        },
        ["target"] = new Dictionary<string, object>
        {
            ["source"] = $"http://localhost/articles/{articleId}",
            ["selector"] = new Dictionary<string, object> { ["type"] = "TextQuoteSelector", ["exact"] = exact },
        },
    });
}
