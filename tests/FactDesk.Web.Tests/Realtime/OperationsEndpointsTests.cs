using System.Net;
using System.Text.Json;
using FactDesk.Web.Tests.Infrastructure;

namespace FactDesk.Web.Tests.Realtime;

/// <summary>/healthz and /metrics of one instance without Redis (the scale tests cover the Redis check).</summary>
[Collection(RealtimeCollection.Name)]
public sealed class OperationsEndpointsTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task Healthz_WithoutRedis_AnswersJsonWithTheDatabaseCheckOnly()
    {
        using var anonymous = fixture.CreateHttpClient(null);

        using var response = await anonymous.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var check = Assert.Single(health.GetProperty("checks").EnumerateArray());
        Assert.Equal("database", check.GetProperty("name").GetString());
        Assert.Equal("Healthy", check.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(check.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task Metrics_AfterJoinAndWrite_ExposeFactDeskInstrumentsAnonymously()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await ana.JoinAsync(articleId);
        (await ana.AddNoteAsync(claim.Id(), "Counted?")).AssertOk();
        using var anonymous = fixture.CreateHttpClient(null);

        var text = "";
        for (var i = 0; i < 100 && !(text.Contains("factdesk_events_stored_total{", StringComparison.Ordinal)
            && text.Contains("kind=\"note.added\"", StringComparison.Ordinal)
            && text.Contains("factdesk_reviewers_connected{", StringComparison.Ordinal)
            && text.Contains("factdesk_broadcast_latency_milliseconds_bucket{", StringComparison.Ordinal)); i++)
        {
            // The exporter caches a scrape briefly; ask again until this write shows.
            if (i > 0) await Task.Delay(200);
            text = await anonymous.GetStringAsync("/metrics");
        }

        Assert.Contains("factdesk_events_stored_total{", text);
        Assert.Contains("kind=\"note.added\"", text);
        Assert.Contains("factdesk_reviewers_connected{", text);
        Assert.Contains("factdesk_broadcast_latency_milliseconds_bucket{", text);
        Assert.Contains("http_server_request_duration_seconds", text);
    }
}
