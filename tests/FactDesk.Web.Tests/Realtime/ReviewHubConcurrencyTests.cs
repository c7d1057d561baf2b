using System.Diagnostics;
using System.Text.Json;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace FactDesk.Web.Tests.Realtime;

/// <summary>Many reviewers hammering one claim: nothing lost, nothing doubled, everyone ends where the database is.</summary>
[Collection(RealtimeCollection.Name)]
public sealed class ReviewHubConcurrencyTests(RealtimeFixture fixture, ITestOutputHelper output)
{
    private const int Clients = 20;
    private const int ChangesEach = 50;

    private sealed record Attempt(int Client, string Conclusion, string Status, int? Version, int? CurrentVersion);

    [Fact]
    public async Task UpdateClaim_TwentyClientsFiftyChangesEachOnSameClaim_HistoryAndEveryClientAgreeWithDatabase()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var v0 = claim.Version();
        var members = new[] { fixture.Ana, fixture.Ben, fixture.Cai };
        var clients = new HubClient[Clients];
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(async i =>
            {
                clients[i] = await fixture.ConnectAsync(members[i % members.Length]);
                Assert.Equal([1], (await clients[i].JoinAsync(articleId)).Select(e => e.Number()));
            }));
            using var start = new SemaphoreSlim(0);
            var clock = Stopwatch.StartNew();

            var runs = Enumerable.Range(0, Clients).Select(i => Task.Run(async () =>
            {
                await start.WaitAsync();
                var attempts = new List<Attempt>(ChangesEach);
                var known = v0;
                for (var j = 0; j < ChangesEach; j++)
                {
                    var conclusion = $"client {i} change {j}";
                    var result = await clients[i].UpdateClaimAsync(claim.Id(), new { version = known, conclusion });
                    var status = result.Status();
                    int? version = status == "ok" ? result.Value().Version() : null;
                    int? current = result.TryGetProperty("current", out var c) && c.ValueKind == JsonValueKind.Object ? c.Version() : null;
                    attempts.Add(new Attempt(i, conclusion, status, version, current));
                    known = version ?? current ?? known;
                }
                return attempts;
            })).ToArray();
            start.Release(Clients);
            var attemptsByClient = await Task.WhenAll(runs);
            output.WriteLine($"{Clients * ChangesEach} calls in {clock.ElapsedMilliseconds} ms");

            var all = attemptsByClient.SelectMany(a => a).ToList();
            var accepted = all.Where(a => a.Status == "ok").ToList();
            output.WriteLine($"{accepted.Count} accepted, {all.Count - accepted.Count} refused");
            Assert.NotEmpty(accepted);

            // Every refused write was a conflict that came with the current claim, newer than what the caller sent.
            var refused = all.Where(a => a.Status != "ok").ToList();
            Assert.All(refused, a => Assert.Equal("conflict", a.Status));
            Assert.All(refused, a => Assert.NotNull(a.CurrentVersion));

            // The history: every accepted change exactly once, nothing else, numbers unique and gapless.
            await using var db = await fixture.Factory.CreateDbContextAsync();
            var events = await db.Events.AsNoTracking().Where(e => e.ArticleId == articleId).OrderBy(e => e.Number).ToListAsync();
            Assert.Equal(Enumerable.Range(1, accepted.Count + 1), events.Select(e => e.Number));
            Assert.Equal(accepted.Count + 1, (await db.Articles.AsNoTracking().SingleAsync(a => a.Id == articleId)).LastEventNumber);
            var changes = events.Skip(1).Select(e => (e.Number, e.Kind, e.ClaimId,
                Conclusion: JsonDocument.Parse(e.After!).RootElement.GetProperty("conclusion").GetString()!)).ToList();
            Assert.All(changes, c => Assert.Equal(("claim.updated", (int?)claim.Id()), (c.Kind, c.ClaimId)));
            Assert.Equal(changes.Count, changes.Select(c => c.Conclusion).Distinct().Count());
            Assert.Equal(accepted.Select(a => a.Conclusion).Order(), changes.Select(c => c.Conclusion).Order());

            // Versions of accepted writes strictly increase in Event order (one version per stored change).
            var versionOf = accepted.ToDictionary(a => a.Conclusion, a => a.Version!.Value);
            var versionsInEventOrder = changes.Select(c => versionOf[c.Conclusion]).ToList();
            Assert.Equal(Enumerable.Range(v0 + 1, changes.Count), versionsInEventOrder);

            var stored = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == claim.Id());
            Assert.Equal(v0 + accepted.Count, stored.Version);
            Assert.Equal(changes[^1].Conclusion, stored.Conclusion);

            // Every client: the Events of the others (no echo, no loss), plus its own results, give the database's state.
            for (var i = 0; i < Clients; i++)
            {
                var client = clients[i];
                var own = accepted.Where(a => a.Client == i).ToList();
                var expected = accepted.Count - own.Count;
                Assert.True(await client.WaitUntilAsync(c => c.Events.Count >= expected, TimeSpan.FromSeconds(20)),
                    $"Client {i} received {client.Events.Count} of the {expected} Events of the others");
                var received = client.Events;
                var numbers = received.Select(e => e.Number()).ToList();
                Assert.True(numbers.Count == numbers.Distinct().Count(), $"Client {i} received an Event twice");
                Assert.True(numbers.SequenceEqual(numbers.Order()), $"Client {i} received Events out of order: {string.Join(",", numbers)}");
                var receivedConclusions = received.Select(e => e.GetProperty("after").GetProperty("conclusion").GetString()!).ToList();
                Assert.DoesNotContain(receivedConclusions, c => c.StartsWith($"client {i} ", StringComparison.Ordinal));
                Assert.Equal(changes.Select(c => c.Conclusion).Order(), receivedConclusions.Concat(own.Select(o => o.Conclusion)).Order());

                // Apply: an Event's number gives the claim version it produced (the article's Events are all changes to this claim).
                var view = received.Select(e => (Version: v0 + e.Number() - 1, Conclusion: e.GetProperty("after").GetProperty("conclusion").GetString()!))
                    .Concat(own.Select(o => (Version: o.Version!.Value, o.Conclusion)))
                    .MaxBy(s => s.Version);
                Assert.Equal((stored.Version, stored.Conclusion), (view.Version, (string?)view.Conclusion));
            }
        }
        finally
        {
            await Task.WhenAll(clients.Where(c => c is not null).Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
