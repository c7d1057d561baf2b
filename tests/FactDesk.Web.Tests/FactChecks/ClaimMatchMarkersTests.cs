using System.Text;
using FactDesk.Web.Features.FactChecks;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.FactChecks;

/// <summary>
/// The claim list's "Checked before" markers for a long article: one model call over all its claims, whose finished
/// runs are ranked and shown while the model goes on. The markers must arrive in more than one step and be, claim by
/// claim, what matching that claim alone gives.
/// </summary>
public sealed class ClaimMatchMarkersTests(FactCheckFixture fixture) : IClassFixture<FactCheckFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static readonly string[] Checked =
    [
        "The city spent 40 million dollars on a new football stadium that was never built.",
        "Drinking hot water every fifteen minutes kills the coronavirus in the throat.",
        "Wind turbines kill more birds every year than domestic cats do.",
    ];

    [Fact]
    public async Task LongArticle_MarkersArriveInSteps_EachTheSameAsMatchingItsClaimAlone()
    {
        await ImportAsync();
        var markers = fixture.Factory.Services.GetRequiredService<ClaimMatchMarkers>();
        const int articleId = 880_001; // the markers only read claim texts; an article that matches none of its own
        var claims = Claims();

        var steps = 0;
        var seen = new List<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(int id)
        {
            if (id != articleId) return;
            Interlocked.Increment(ref steps);
            lock (seen) seen.Add(markers.MatchedCount(articleId));
            if (markers.MatchedCount(articleId) == claims.Count) done.TrySetResult();
        }
        markers.Changed += OnChanged;
        try
        {
            using (markers.Watch(articleId, claims, "en"))
            {
                await done.Task.WaitAsync(Patience);
                var shown = markers.For(articleId);
                Assert.True(steps > 1, $"All {claims.Count} markers came in one step: nothing was shown while the model ran. Matched after each step: {string.Join(", ", seen)}; index {fixture.Factory.Services.GetRequiredService<FactCheckIndex>().Vectors.Count}");

                await using var scope = fixture.Factory.Services.CreateAsyncScope();
                var search = scope.ServiceProvider.GetRequiredService<FactCheckSearch>();
                foreach (var claim in claims)
                {
                    var alone = (await search.MatchManyAsync(articleId, [claim], "en", 1, CancellationToken.None))[0];
                    Assert.True(alone.Count == 0 ? !shown.ContainsKey(claim.Id) : shown.TryGetValue(claim.Id, out var s) && s == alone[0].Strength,
                        $"Claim {claim.Id} \"{claim.Text}\": shown {(shown.TryGetValue(claim.Id, out var m) ? m : "nothing")}, alone {(alone.Count == 0 ? "nothing" : alone[0].Strength)}");
                }
                // the paraphrases of the three fact-checks are marked
                foreach (var id in new[] { 1, 2, 3 }) Assert.True(shown.ContainsKey(id), $"Paraphrase {id} has no marker.");

                // a claim whose text changes is matched again, alone
                var edited = claims.Select(c => c.Id == 1 ? (c.Id, "The weather in the mountains was mild for the season.") : c).ToList();
                var before = Volatile.Read(ref steps);
                done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                markers.Update(articleId, edited, "en");
                await done.Task.WaitAsync(Patience);
                Assert.False(markers.For(articleId).ContainsKey(1), "The edited claim kept the marker of its old text.");
                Assert.True(markers.For(articleId).ContainsKey(2));
                Assert.Equal(before + 1, Volatile.Read(ref steps));
            }
        }
        finally
        {
            markers.Changed -= OnChanged;
        }
    }

    private async Task ImportAsync()
    {
        var feed = "[" + string.Join(",", Checked.Select((c, i) => $$"""
            { "@type": "ClaimReview", "url": "https://checks.example/markers/{{i}}", "claimReviewed": "{{c}}",
              "reviewRating": { "@type": "Rating", "alternateName": "False" }, "author": { "@type": "Organization", "name": "Example Checks" } }
            """)) + "]";
        using var response = await fixture.Editor.PostAsync("/api/fact-checks?collection=Marker%20checks&wait=true",
            new StringContent(feed, Encoding.UTF8, "application/ld+json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var indexer = fixture.Factory.Services.GetRequiredService<FactCheckIndexer>();
        indexer.Wake();
        Assert.True((await indexer.WaitForIndexAsync(Patience, CancellationToken.None)).Done);
    }

    // 200 claims of many lengths (several model runs): three paraphrases of the fact-checks, the rest about nothing checked
    private static List<(int Id, string Text)> Claims()
    {
        string[] places = ["Northbridge", "Eastvale", "Port Mira", "Lakeside", "Old Harbour"];
        string[] subjects = ["school meals", "bus lanes", "library hours", "street lighting", "park benches", "road repairs"];
        var claims = new List<(int Id, string Text)>
        {
            (1, "They wasted $40m of our money on a football stadium and never even built it!"),
            (2, "Doctors say drinking hot water every 15 minutes kills the virus in your throat."),
            (3, "Wind farms kill more birds each year than house cats, a new post says."),
        };
        for (int i = 4; i <= 200; i++)
        {
            var text = new StringBuilder($"The council of {places[i % places.Length]} said it spent {i * 37} thousand on {subjects[i % subjects.Length]} in {2000 + i % 20}");
            for (int k = 0; k < i % 7; k++) text.Append(", according to the minutes of the meeting held on a Tuesday evening");
            claims.Add((i, text.Append('.').ToString()));
        }
        return claims;
    }
}
