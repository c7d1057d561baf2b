using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FactDesk.Core.Claims;
using FactDesk.Core.Claims.Training;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Realtime;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Claims;

/// <summary>Labels from the desk's work, a desk model switched to and back, and re-scoring; each test class has its own app, since the model is desk-wide.</summary>
public sealed class DeskModelTests : IAsyncLifetime
{
    private const string Article =
        "The county built 140 new schools between 2010 and 2016, the education office said. " +
        "Exports rose by 12% in 2023, according to the customs service. " +
        "Thank you all for coming tonight. " +
        "Officials told Reuters that 300 nurses were hired in March.";

    private readonly FactDeskFactory _factory = new();
    private HttpClient _editor = null!;
    private HttpClient _reviewer = null!;

    public async Task InitializeAsync()
    {
        _editor = await _factory.CreateClientForAsync(await _factory.CreateAccountAsync(Roles.Editor, "Eda Editor"));
        _reviewer = await _factory.CreateClientForAsync(await _factory.CreateAccountAsync(Roles.Reviewer, "Remy Reviewer"));
    }

    public async Task DisposeAsync()
    {
        _editor.Dispose();
        _reviewer.Dispose();
        await _factory.DisposeAsync();
    }

    // a desk model that suggests almost nothing: its threshold is 0.99
    private static byte[] StrictModel()
    {
        var rows = new List<LabelledSentence>();
        for (int i = 0; i < 40; i++)
        {
            rows.Add(new LabelledSentence($"The council spent {100 + i} dollars in {1990 + i}.", true, null, null, i % 5));
            rows.Add(new LabelledSentence($"Good evening and welcome, friend number {i}.", false, null, null, i % 5));
        }
        var o = new TrainerOptions { Epochs = 3, MinCount = 1, Features = new FeatureSet(Chars: false) };
        var model = ClaimTrainer.Train(ClaimTrainer.Featurize(rows, o.Features), rows, o, threshold: 0.99, description: "strict test model");
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    private async Task<int> UploadAsync(byte[] bytes, string name)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await _editor.PostAsync($"/api/claim-model/desk-models?name={Uri.EscapeDataString(name)}", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task Labels_FromReviewersWork_ExportAsCsvTheTrainerReads()
    {
        var articleId = await _editor.ImportTextAsync(Article);
        var claims = await _editor.GetClaimsAsync(articleId);
        var schools = claims.Single(c => c.Str("text")!.Contains("schools"));
        var exports = claims.Single(c => c.Str("text")!.Contains("Exports"));
        using (var r = await _reviewer.PatchJsonAsync($"/api/claims/{schools.Id()}", new { version = schools.Version(), verdict = "true" })) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using (var r = await _reviewer.PostJsonAsync($"/api/claims/{exports.Id()}/dismiss", new { version = exports.Version() })) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await _editor.GetBodyAsync(articleId);
        int start = body.IndexOf("Thank you", StringComparison.Ordinal);
        using (var r = await _reviewer.PostJsonAsync($"/api/articles/{articleId}/claims", new { start, end = body.IndexOf("tonight.", StringComparison.Ordinal) + 8 }))
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);

        using var refused = await _reviewer.GetAsync("/api/claims/labels");
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden);
        using var response = await _editor.GetAsync("/api/claims/labels");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync();

        var labels = TrainingData.ReadDeskLabels(new StringReader(csv));
        Assert.Equal(3, labels.Count);
        var verdict = labels.Single(l => l.Text.Contains("schools"));
        Assert.True(verdict.CheckWorthy);
        Assert.Null(verdict.Previous);
        Assert.StartsWith("Exports rose", verdict.Next);
        Assert.False(labels.Single(l => l.Text.Contains("Exports")).CheckWorthy);
        Assert.True(labels.Single(l => l.Text.StartsWith("Thank you", StringComparison.Ordinal)).CheckWorthy);
        Assert.Contains(",dismissed,", csv, StringComparison.Ordinal);
        Assert.Contains(",added by hand,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Use_DeskModel_ScoresWithItAndSwitchesBack()
    {
        using (var bad = new ByteArrayContent("not a model"u8.ToArray()))
        {
            bad.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var refused = await _editor.PostAsync("/api/claim-model/desk-models", bad);
            Assert.Contains("not", (await refused.AssertProblemAsync(HttpStatusCode.BadRequest)).Detail(), StringComparison.Ordinal);
        }
        var id = await UploadAsync(StrictModel(), "Strict");
        using (var r = await _reviewer.PostJsonAsync("/api/claim-model/use", new { deskModelId = id })) await r.AssertProblemAsync(HttpStatusCode.Forbidden);

        using (var r = await _editor.PostJsonAsync("/api/claim-model/use", new { deskModelId = id }))
        {
            var info = await r.ReadJsonAsync();
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("desk", info.Str("source"));
            Assert.Equal(0.99, info.GetProperty("threshold").GetDouble());
        }
        var model = await _editor.GetJsonAsync("/api/claim-model");
        Assert.Equal("Strict", model.GetProperty("current").Str("name"));
        Assert.Contains(model.GetProperty("deskModels").EnumerateArray(), m => m.Id() == id && m.GetProperty("inUse").GetBoolean());
        var scored = await (await _editor.PostJsonAsync("/api/check-worthiness", new { text = Article })).ReadJsonAsync();
        Assert.Equal("desk", scored.Str("model"));
        Assert.Empty(await _editor.GetClaimsAsync(await _editor.ImportTextAsync(Article)));

        using (var r = await _editor.PostJsonAsync("/api/claim-model/use", new { deskModelId = (int?)null })) Assert.Equal("shipped", (await r.ReadJsonAsync()).Str("source"));
        Assert.Equal(ClaimModel.Shipped.Threshold, (await _editor.GetJsonAsync("/api/claim-model")).GetProperty("current").GetProperty("threshold").GetDouble());
        Assert.NotEmpty(await _editor.GetClaimsAsync(await _editor.ImportTextAsync(Article)));
    }

    [Fact]
    public async Task Rescore_StricterModel_DismissesOnlyUnworkedSuggestionsAndPublishesEvents()
    {
        var articleId = await _editor.ImportTextAsync(Article);
        var claims = await _editor.GetClaimsAsync(articleId);
        Assert.True(claims.Length >= 3, $"{claims.Length} suggestions");
        var worked = claims[0];
        using (var r = await _reviewer.PostJsonAsync($"/api/claims/{worked.Id()}/notes", new { body = "Checking the office's figures." })) Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var received = new List<ReviewEventDto>();
        using var subscription = _factory.Services.GetRequiredService<IReviewEventBus>().Subscribe(articleId, batch =>
        {
            lock (received) received.AddRange(batch.Events);
            return Task.CompletedTask;
        });

        await _editor.PostJsonAsync("/api/claim-model/use", new { deskModelId = await UploadAsync(StrictModel(), "Strict") });
        using (var refused = await _reviewer.PostAsync("/api/claims/rescore", null)) await refused.AssertProblemAsync(HttpStatusCode.Forbidden);
        using var response = await _editor.PostAsync("/api/claims/rescore", null);
        var summary = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(claims.Length - 1, summary.GetProperty("dismissed").GetInt32());
        var after = await _editor.GetClaimsAsync(articleId);
        var kept = Assert.Single(after);
        Assert.Equal(worked.Id(), kept.Id());
        Assert.NotEqual(worked.GetProperty("score").GetDouble(), kept.GetProperty("score").GetDouble());
        var events = await _editor.GetEventsAsync(articleId);
        Assert.Equal(claims.Length - 1, events.Count(e => e.Str("kind") == EventKinds.ClaimDismissed));
        Assert.Single(events, e => e.Str("kind") == "claims.rescored");
        lock (received)
        {
            Assert.Equal(claims.Length - 1, received.Count(e => e.Kind == EventKinds.ClaimDismissed));
            Assert.Contains(received, e => e.Kind == "claims.rescored");
        }

        // back to the shipped model: the sentences dismissed by re-scoring stay dismissed (a dismissal is never undone silently), nothing is duplicated
        await _editor.PostJsonAsync("/api/claim-model/use", new { deskModelId = (int?)null });
        using var again = await _editor.PostAsync("/api/claims/rescore", null);
        Assert.Equal(0, (await again.ReadJsonAsync()).GetProperty("suggested").GetInt32());
        Assert.Equal(claims.Length, (await _editor.GetClaimsAsync(articleId, includeDismissed: true)).Length);
    }

    [Fact]
    public async Task Rescore_AfterSwitchingBack_SuggestsWhatTheModelNowFindsButRespectsDismissals()
    {
        var strict = await UploadAsync(StrictModel(), "Strict");
        await _editor.PostJsonAsync("/api/claim-model/use", new { deskModelId = strict });
        var articleId = await _editor.ImportTextAsync(Article);
        Assert.Empty(await _editor.GetClaimsAsync(articleId));
        var body = await _editor.GetBodyAsync(articleId);
        int start = body.IndexOf("Officials told Reuters", StringComparison.Ordinal);
        using (var added = await _reviewer.PostJsonAsync($"/api/articles/{articleId}/claims", new { start, end = body.Length }))
        {
            var claim = await added.ReadJsonAsync();
            using var dismissed = await _reviewer.PostJsonAsync($"/api/claims/{claim.Id()}/dismiss", new { version = claim.Version() });
            Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        }

        await _editor.PostJsonAsync("/api/claim-model/use", new { deskModelId = (int?)null });
        using var response = await _editor.PostAsync("/api/claims/rescore", null);
        var summary = await response.ReadJsonAsync();

        var claims = await _editor.GetClaimsAsync(articleId);
        Assert.Equal(summary.GetProperty("suggested").GetInt32(), claims.Length);
        Assert.True(claims.Length >= 2, $"{claims.Length} suggestions");
        Assert.All(claims, c => Assert.Equal("suggested", c.Str("origin")));
        Assert.Contains(claims, c => c.Str("text")!.Contains("schools"));
        Assert.DoesNotContain(claims, c => c.Str("text")!.Contains("nurses"));
        Assert.Equal(claims.Length, (await _editor.GetEventsAsync(articleId)).Count(e => e.Str("kind") == EventKinds.ClaimAdded && e.GetProperty("after").Str("origin") == "suggested"));
    }
}
