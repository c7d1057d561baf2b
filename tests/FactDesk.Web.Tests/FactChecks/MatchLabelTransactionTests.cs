using System.Net;
using FactDesk.Web.Data;
using FactDesk.Web.Features.FactChecks;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using FactDesk.Web.Tests.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.FactChecks;

/// <summary>
/// A match action's label is stored in the same unit of work as its change: a write that fails leaves neither (the
/// database refuses the label here, through a trigger on that one match's URL), a committed one always has both.
/// </summary>
[Collection(SessionsCollection.Name)]
public sealed class MatchLabelTransactionTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task Link_LabelRefusedByTheDatabase_NoEvidenceNoEventNoLabel()
    {
        var (articleId, claims) = await fixture.Editor.Http.ImportWithClaimPerSentenceAsync();
        var claimId = claims[0].Id();
        var url = await fixture.Factory.AddFactCheckAsync(claims[0].GetProperty("text").GetString()!, "False");
        var eventsBefore = (await fixture.Editor.Http.GetEventsAsync(articleId)).Length;

        await using (await RefuseLabelsOfAsync(url))
        {
            await using var scope = fixture.Factory.Services.CreateAsyncScope();
            var actions = scope.ServiceProvider.GetRequiredService<MatchActions>();
            await Assert.ThrowsAnyAsync<DbUpdateException>(() =>
                actions.ActAsync(fixture.Ana.User.Actor, claimId, url, MatchDecision.Link, 0.9, null, CancellationToken.None));
        }

        await using var db = await fixture.Factory.CreateDbContextAsync();
        Assert.False(await db.Evidence.AnyAsync(e => e.ClaimId == claimId && e.Url == url));
        Assert.False(await db.Set<MatchLabel>().AnyAsync(l => l.Url == url));
        Assert.Equal(eventsBefore, (await fixture.Editor.Http.GetEventsAsync(articleId)).Length);
    }

    [Fact]
    public async Task Same_LabelRefusedByTheDatabase_VerdictAndEventsUnchanged()
    {
        var (articleId, claims) = await fixture.Editor.Http.ImportWithClaimPerSentenceAsync();
        var claim = claims[0];
        var url = await fixture.Factory.AddFactCheckAsync(claim.GetProperty("text").GetString()!, "False");
        var eventsBefore = (await fixture.Editor.Http.GetEventsAsync(articleId)).Length;

        await using (await RefuseLabelsOfAsync(url))
        {
            await using var scope = fixture.Factory.Services.CreateAsyncScope();
            var actions = scope.ServiceProvider.GetRequiredService<MatchActions>();
            await Assert.ThrowsAnyAsync<DbUpdateException>(() =>
                actions.ActAsync(fixture.Ana.User.Actor, claim.Id(), url, MatchDecision.Same, 0.9, claim.Version(), CancellationToken.None));
        }

        var after = await fixture.Ana.Http.GetClaimAsync(claim.Id());
        Assert.Equal(claim.Version(), after.Version());
        Assert.NotEqual("false", after.GetProperty("verdict").GetString());
        Assert.Equal(eventsBefore, (await fixture.Editor.Http.GetEventsAsync(articleId)).Length);
        await using var db = await fixture.Factory.CreateDbContextAsync();
        Assert.False(await db.Set<MatchLabel>().AnyAsync(l => l.Url == url));
    }

    [Fact]
    public async Task Link_Committed_EvidenceItsEventAndTheLabelTogether()
    {
        var (articleId, claims) = await fixture.Editor.Http.ImportWithClaimPerSentenceAsync();
        var claimId = claims[0].Id();
        var url = await fixture.Factory.AddFactCheckAsync(claims[0].GetProperty("text").GetString()!, "False");

        using var link = await fixture.Ana.Http.PostJsonAsync($"/api/claims/{claimId}/matches/actions", new { url, action = "link" });

        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        Assert.Equal("evidence.added", (await fixture.Editor.Http.GetEventsAsync(articleId)).Last().Kind());
        await using var db = await fixture.Factory.CreateDbContextAsync();
        var evidence = await db.Evidence.SingleAsync(e => e.ClaimId == claimId && e.Url == url);
        var label = await db.Set<MatchLabel>().SingleAsync(l => l.Url == url);
        Assert.Equal(MatchAction.Linked, label.Action);
        Assert.Equal(fixture.Ana.User.Id, label.UserId);
        Assert.Equal(evidence.CreatedAt, label.At);
    }

    [Fact]
    public async Task Same_VerdictAlreadyTheMatchs_LabelKeptWithoutAnEvent()
    {
        var (articleId, claims) = await fixture.Editor.Http.ImportWithClaimPerSentenceAsync();
        var claim = claims[0];
        using (var set = await fixture.Editor.Http.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "false" }))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var current = await fixture.Ana.Http.GetClaimAsync(claim.Id());
        var url = await fixture.Factory.AddFactCheckAsync(claim.GetProperty("text").GetString()!, "False");
        var eventsBefore = (await fixture.Editor.Http.GetEventsAsync(articleId)).Length;

        using var same = await fixture.Ana.Http.PostJsonAsync($"/api/claims/{claim.Id()}/matches/actions", new { url, action = "same", version = current.Version() });

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(current.Version(), (await fixture.Ana.Http.GetClaimAsync(claim.Id())).Version());
        Assert.Equal(eventsBefore, (await fixture.Editor.Http.GetEventsAsync(articleId)).Length);
        await using var db = await fixture.Factory.CreateDbContextAsync();
        Assert.Equal(MatchAction.Confirmed, (await db.Set<MatchLabel>().SingleAsync(l => l.Url == url)).Action);
    }

    /// <summary>Makes the database refuse a label for <paramref name="url"/> (only that one), until disposed.</summary>
    private async Task<IAsyncDisposable> RefuseLabelsOfAsync(string url)
    {
        var name = "refuse_label_" + Guid.NewGuid().ToString("N")[..12];
        var quoted = url.Replace("'", "''", StringComparison.Ordinal);
        await using var db = await fixture.Factory.CreateDbContextAsync();
        // DDL takes no parameters: the URL is the test's own (a GUID), quoted as a literal.
        string[] create, drop;
        if (db.Database.IsSqlite())
        {
            create = [$"CREATE TRIGGER {name} BEFORE INSERT ON \"MatchLabel\" WHEN NEW.\"Url\" = '{quoted}' BEGIN SELECT RAISE(ABORT, 'label refused by the test'); END;"];
            drop = [$"DROP TRIGGER {name};"];
        }
        else
        {
            create =
            [
                $"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN IF NEW.\"Url\" = '{quoted}' THEN RAISE EXCEPTION 'label refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;",
                $"CREATE TRIGGER {name} BEFORE INSERT ON \"MatchLabel\" FOR EACH ROW EXECUTE FUNCTION {name}();",
            ];
            drop = [$"DROP TRIGGER {name} ON \"MatchLabel\";", $"DROP FUNCTION {name}();"];
        }
        foreach (var sql in create) await db.Database.ExecuteSqlRawAsync(sql);
        return new Undo(fixture.Factory, drop);
    }

    private sealed class Undo(FactDeskFactory factory, string[] statements) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var db = await factory.CreateDbContextAsync();
            foreach (var sql in statements) await db.Database.ExecuteSqlRawAsync(sql);
        }
    }
}
