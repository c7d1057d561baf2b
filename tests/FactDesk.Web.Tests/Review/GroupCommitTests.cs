using System.Text.Json;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Review;

/// <summary>
/// The group-commit writer (<see cref="ClaimUpdateQueue"/>) answers from the claims it stored instead of reading them
/// back, and its Events carry the values it serialized instead of parsing them again: both must equal a later read.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GroupCommitTests(ApiFixture fixture)
{
    [Fact]
    public async Task UpdateClaim_BatchOfChanges_EachReplyEqualsTheClaimReadBackAfterCommit()
    {
        var articleId = await fixture.EditorClient.ImportTextAsync();
        var claims = (await fixture.ReviewerClient.GetClaimsAsync(articleId)).Take(3).Select(c => (Id: c.Id(), Version: c.Version())).ToArray();
        Assert.Equal(3, claims.Length);
        // Counts and an existing assignee that the reply has to carry without querying them again.
        using (var evidence = await fixture.ReviewerClient.PostJsonAsync($"/api/claims/{claims[0].Id}/evidence", new { url = "https://stats.example.org/a", stance = "supports" }))
            Assert.True(evidence.IsSuccessStatusCode);
        using (var note = await fixture.ReviewerClient.PostJsonAsync($"/api/claims/{claims[1].Id}/notes", new { body = "Check the census table." }))
            Assert.True(note.IsSuccessStatusCode);
        using (var assign = await fixture.EditorClient.PatchJsonAsync($"/api/claims/{claims[2].Id}", new { version = claims[2].Version, assigneeId = fixture.Editor.Id }))
            Assert.True(assign.IsSuccessStatusCode);
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var review = scope.ServiceProvider.GetRequiredService<ReviewService>();
        var queries = scope.ServiceProvider.GetRequiredService<ReviewQueries>();
        var current = new Dictionary<int, int>();
        foreach (var (id, _) in claims) current[id] = (await queries.GetClaimAsync(id, CancellationToken.None))!.Version;

        // Submitted together, so they share transactions: a new assignee, two changes to one claim, a stale change,
        // and a change to a claim that keeps its earlier assignee.
        var editor = fixture.Editor.Actor;
        var writes = new[]
        {
            review.UpdateClaimAsync(editor, claims[0].Id, new ClaimPatch { Version = current[claims[0].Id], AssigneeId = new Change<string?>(fixture.Reviewer.Id), Verdict = new Change<string?>("false") }, CancellationToken.None),
            review.UpdateClaimAsync(editor, claims[1].Id, new ClaimPatch { Version = current[claims[1].Id], Conclusion = new Change<string?>("First pass.") }, CancellationToken.None),
            review.UpdateClaimAsync(editor, claims[1].Id, new ClaimPatch { Version = current[claims[1].Id] + 1, State = new Change<WorkflowState>(WorkflowState.InProgress) }, CancellationToken.None),
            review.UpdateClaimAsync(editor, claims[2].Id, new ClaimPatch { Version = current[claims[2].Id] - 1, Conclusion = new Change<string?>("Stale.") }, CancellationToken.None),
            review.UpdateClaimAsync(editor, claims[2].Id, new ClaimPatch { Version = current[claims[2].Id], Claimant = new Change<string?>("The minister") }, CancellationToken.None),
        };
        var results = await Task.WhenAll(writes);

        Assert.Equal([WriteStatus.Ok, WriteStatus.Ok, WriteStatus.Ok, WriteStatus.Conflict, WriteStatus.Ok], results.Select(r => r.Status));
        // A reply carries its claim as committed by the reply's batch. The writes usually share one batch but may be
        // split (the writer takes whatever is queued when it comes round), so per claim the latest reply, whichever
        // batch it came from, is the claim as stored now; every earlier one is a version behind it at most.
        foreach (var perClaim in results.Select(r => r.Value ?? r.Current!).GroupBy(c => c.Id))
        {
            var stored = (await queries.GetClaimAsync(perClaim.Key, CancellationToken.None))!;
            Assert.Equal(Json(stored), Json(perClaim.MaxBy(c => c.Version)!));
            Assert.All(perClaim, reply => Assert.InRange(reply.Version, stored.Version - 1, stored.Version));
        }
        Assert.Equal(fixture.Reviewer.Name, results[0].Value!.AssigneeName);
        Assert.Equal(1, results[0].Value!.EvidenceCount);
        Assert.Equal(fixture.Editor.Name, results[4].Value!.AssigneeName);

        // The live Events equal the stored ones read back.
        await using var db = await fixture.Factory.CreateDbContextAsync();
        var rows = await db.Events.AsNoTracking().Where(e => e.ArticleId == articleId).OrderByDescending(e => e.Number).Take(4).ToListAsync();
        Assert.All(rows, r => Assert.Null(r.AfterValue));
        var fresh = ReviewEvents.Next(new Article { Id = articleId }, editor, EventKinds.ClaimUpdated, claims[0].Id,
            new Dictionary<string, object?> { ["verdict"] = null }, new Dictionary<string, object?> { ["verdict"] = "false", ["note"] = "“quoted” <b>" }, DateTimeOffset.UtcNow);
        Assert.Equal(fresh.After, fresh.AfterValue!.Value.GetRawText());
        var live = ReviewService.ToDto(fresh);
        var readBack = ReviewService.ToDto(new ReviewEvent { Before = fresh.Before, After = fresh.After });
        Assert.Equal(readBack.After!.Value.GetRawText(), live.After!.Value.GetRawText());
        Assert.Equal(readBack.Before!.Value.GetRawText(), live.Before!.Value.GetRawText());
    }

    [Fact]
    public async Task JournalWrites_NoteAndSession_LiveEventsEqualTheEventsReadBack()
    {
        var articleId = await fixture.EditorClient.ImportTextAsync();
        var claimId = (await fixture.ReviewerClient.GetClaimsAsync(articleId))[0].Id();
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var review = scope.ServiceProvider.GetRequiredService<ReviewService>();
        var queries = scope.ServiceProvider.GetRequiredService<ReviewQueries>();
        var live = new System.Collections.Concurrent.ConcurrentDictionary<int, ReviewEventDto>();
        using var arrived = new SemaphoreSlim(0);
        int before;
        await using (var db = await fixture.Factory.CreateDbContextAsync())
            before = (await db.Articles.AsNoTracking().SingleAsync(a => a.Id == articleId)).LastEventNumber;
        IReadOnlyList<ReviewEventDto> stored;
        using (scope.ServiceProvider.GetRequiredService<FactDesk.Web.Realtime.IReviewEventBus>().Subscribe(articleId, b =>
        {
            foreach (var e in b.Events) live[e.Number] = e;
            arrived.Release();
            return Task.CompletedTask;
        }))
        {
            // Written now, on a clock finer than the database keeps: what a reviewer sees arrive must equal what
            // another one reads when catching up.
            Assert.True((await review.AddNoteAsync(fixture.Reviewer.Actor, claimId, "Checked the census table.", null, CancellationToken.None)).Ok);
            Assert.True((await review.AddNoteAsync(fixture.Editor.Actor, claimId, "Agreed.", null, CancellationToken.None)).Ok);
            var sessions = scope.ServiceProvider.GetRequiredService<FactDesk.Web.Features.Sessions.SessionService>();
            Assert.True((await sessions.StartAsync(fixture.Editor.Actor, articleId, new FactDesk.Web.Features.Sessions.SessionSetup([fixture.Reviewer.Id], null, Blind: false, FactDesk.Core.Sessions.DecisionMode.Direct), CancellationToken.None)).Ok);
            stored = await queries.GetEventsAsync(articleId, before, 50, fixture.Editor.Actor, CancellationToken.None);
            // published after commit, on the bus's own thread: wait for each to arrive
            while (!stored.All(e => live.ContainsKey(e.Number)))
                Assert.True(await arrived.WaitAsync(TimeSpan.FromSeconds(10)), $"Events {string.Join(", ", stored.Select(e => e.Number).Where(n => !live.ContainsKey(n)))} were stored but never sent.");
        }

        Assert.True(stored.Count >= 3);
        var sent = live;
        Assert.All(stored, e => Assert.Equal(Json(e), Json(sent[e.Number])));
    }

    [Fact]
    public async Task UpdateClaim_CallersInTwoLanguagesInOneBatch_EachRefusedInItsOwn()
    {
        var articleId = await fixture.EditorClient.ImportTextAsync();
        var claims = (await fixture.ReviewerClient.GetClaimsAsync(articleId)).Take(3).Select(c => (Id: c.Id(), Version: c.Version())).ToArray();
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var review = scope.ServiceProvider.GetRequiredService<ReviewService>();

        // 48 callers at once, on thread-pool threads as hub calls are: the first writes a batch and the others'
        // changes join the next one, which one of them (or the background writer) writes in its own culture.
        var answers = await Task.WhenAll(Enumerable.Range(0, 48).Select(k => Task.Run(async () =>
        {
            var culture = System.Globalization.CultureInfo.GetCultureInfo(k % 2 == 0 ? "uk-UA" : "en-US");
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = culture;
            var c = claims[k % claims.Length];
            var result = await review.UpdateClaimAsync(fixture.Editor.Actor, c.Id, new ClaimPatch { Version = c.Version, Verdict = new Change<string?>("not-a-verdict") }, CancellationToken.None);
            return (Ukrainian: k % 2 == 0, result);
        })));

        Assert.All(answers, a =>
        {
            Assert.Equal(WriteStatus.Invalid, a.result.Status);
            Assert.Contains(a.Ukrainian ? "шкалі вердиктів" : "verdict scale", a.result.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task CallersWithoutAContext_WriteTheirOwnChangesWhenNobodyIs_EachStoredOnceInOrder()
    {
        var articleId = await fixture.EditorClient.ImportTextAsync();
        var claims = (await fixture.ReviewerClient.GetClaimsAsync(articleId)).Take(3).Select(c => (Id: c.Id(), Version: c.Version())).ToArray();
        Assert.Equal(3, claims.Length);
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var review = scope.ServiceProvider.GetRequiredService<ReviewService>();
        int before;
        await using (var db = await fixture.Factory.CreateDbContextAsync())
            before = (await db.Articles.AsNoTracking().SingleAsync(a => a.Id == articleId)).LastEventNumber;

        // Three writers on thread-pool threads (no synchronization context, as hub invocations have none), each making
        // 25 changes to its own claim one after another: they take turns writing a batch themselves and joining one
        // that another caller or the background writer is writing.
        const int Changes = 25;
        var finals = await Task.WhenAll(claims.Select(c => Task.Run(async () =>
        {
            Assert.Null(SynchronizationContext.Current);
            var version = c.Version;
            for (var k = 0; k < Changes; k++)
            {
                var result = await review.UpdateClaimAsync(fixture.Editor.Actor, c.Id, new ClaimPatch { Version = version, Conclusion = new Change<string?>($"{c.Id}:{k}") }, CancellationToken.None);
                Assert.Equal(WriteStatus.Ok, result.Status);
                Assert.Equal(version + 1, result.Value!.Version);
                version = result.Value.Version;
            }
            return version;
        })));

        await using var read = await fixture.Factory.CreateDbContextAsync();
        var events = await read.Events.AsNoTracking().Where(e => e.ArticleId == articleId && e.Number > before).OrderBy(e => e.Number).ToListAsync();
        Assert.Equal(Enumerable.Range(before + 1, claims.Length * Changes), events.Select(e => e.Number));
        for (var i = 0; i < claims.Length; i++)
        {
            var id = claims[i].Id;
            var conclusions = events.Where(e => e.ClaimId == id).Select(e => JsonDocument.Parse(e.After!).RootElement.GetProperty("conclusion").GetString());
            Assert.Equal(Enumerable.Range(0, Changes).Select(k => $"{id}:{k}"), conclusions);
            var stored = await read.Claims.AsNoTracking().SingleAsync(c => c.Id == id);
            Assert.Equal(finals[i], stored.Version);
            Assert.Equal($"{id}:{Changes - 1}", stored.Conclusion);
        }
    }

    [Fact]
    public async Task BatchWrite_RowChangedSinceItWasRead_IsRefusedAsAConcurrencyConflictAndWritesNothing()
    {
        var articleId = await fixture.EditorClient.ImportTextAsync();
        var claimId = (await fixture.ReviewerClient.GetClaimsAsync(articleId))[0].Id();
        await using var db = await fixture.Factory.CreateDbContextAsync();
        var statements = ClaimBatchStatements.For(db);
        var counter = (await db.Articles.AsNoTracking().SingleAsync(a => a.Id == articleId)).LastEventNumber;
        var claim = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == claimId);
        var readVersion = claim.Version;
        claim.Conclusion = "Written behind another writer's back.";
        claim.Version++;
        var article = new Article { Id = articleId, LastEventNumber = counter };
        var ev = ReviewEvents.Next(article, fixture.Editor.Actor, EventKinds.ClaimUpdated, claimId,
            new Dictionary<string, object?> { ["conclusion"] = null }, new Dictionary<string, object?> { ["conclusion"] = claim.Conclusion }, DateTimeOffset.UtcNow);

        // The claim was read at an older version than the one stored: its UPDATE matches no row.
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() =>
                statements.WriteAsync(db, [(claim, readVersion - 1)], [ev], articleId, counter, article.LastEventNumber));
            await tx.RollbackAsync();
        }
        // The article's counter moved on since it was read: its UPDATE matches no row.
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() =>
                statements.WriteAsync(db, [(claim, readVersion)], [ev], articleId, counter - 1, article.LastEventNumber));
            await tx.RollbackAsync();
        }

        var stored = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == claimId);
        Assert.Equal(readVersion, stored.Version);
        Assert.Null(stored.Conclusion);
        Assert.Equal(counter, (await db.Articles.AsNoTracking().SingleAsync(a => a.Id == articleId)).LastEventNumber);
        Assert.False(await db.Events.AnyAsync(e => e.ArticleId == articleId && e.Number > counter));
    }

    [Fact]
    public async Task SqliteConnections_KeepTheirPragmasWhenReusedFromThePool()
    {
        // The app's own interceptor on a database of this test's own, so it runs whichever database the suite uses.
        var dir = Directory.CreateTempSubdirectory("factdesk-pragmas-").FullName;
        try
        {
            var options = new DbContextOptionsBuilder<FactDeskDbContext>()
                .UseSqlite($"Data Source={Path.Combine(dir, "p.db")}").AddInterceptors(new SqlitePragmas()).Options;
            var handles = new HashSet<object>();
            for (var i = 0; i < 3; i++)
            {
                await using var db = new FactDeskDbContext(options);
                await db.Database.OpenConnectionAsync();
                var connection = (SqliteConnection)db.Database.GetDbConnection();
                handles.Add(connection.Handle!);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA synchronous; PRAGMA busy_timeout;";
                await using var reader = await command.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync());
                Assert.Equal(1L, reader.GetInt64(0)); // NORMAL, not the default FULL
                Assert.True(await reader.NextResultAsync() && await reader.ReadAsync());
                Assert.Equal(10_000L, reader.GetInt64(0));
            }
            // One physical connection served all three opens: the later ones were not configured again, yet kept it.
            Assert.Single(handles);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Json(ClaimDto claim) => JsonSerializer.Serialize(claim, JsonSerializerOptions.Web);
    private static string Json(ReviewEventDto e) => JsonSerializer.Serialize(e, JsonSerializerOptions.Web);
}
