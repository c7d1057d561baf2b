using System.Reflection;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using FactDesk.Web.Tests.Sessions;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Tests.Review;

/// <summary>
/// The database refuses an article's writes that do not come through the journal (<see cref="ArticleWriteGuard"/>):
/// a new write path that skips <see cref="ArticleJournal"/> fails the first time it runs, in any test that reaches it,
/// on SQLite and on PostgreSQL; and only the journal may open the scope that lets its context write.
/// </summary>
[Collection(SessionsCollection.Name)]
public sealed class WritePathGuardTests(RealtimeFixture fixture)
{
    private static readonly HashSet<string> Tables = new(["Articles", "Claims", "Evidence", "Notes", "Events", "Sessions", "Proposals"], StringComparer.OrdinalIgnoreCase);

    [Theory]
    [InlineData("INSERT INTO \"Notes\" (\"Body\") VALUES (@p0) RETURNING \"Id\";", "Notes")]
    [InlineData("UPDATE \"Claims\" AS c SET \"Verdict\" = @p WHERE c.\"Id\" = 1", "Claims")]
    [InlineData("UPDATE \"Evidence\" SET \"BlindOwnerId\" = NULL", "Evidence")]
    [InlineData("DELETE FROM \"Events\" AS e WHERE e.\"ArticleId\" = 3", "Events")]
    [InlineData("delete from articles where id = 3", "articles")]
    [InlineData("INSERT OR REPLACE INTO \"Sessions\" (\"Id\") VALUES (1)", "Sessions")]
    [InlineData("SELECT 1;\nINSERT INTO \"Proposals\" (\"Id\") VALUES (1)", "Proposals")]
    [InlineData("INSERT INTO public.\"Claims\" (\"Id\") VALUES (1)", "Claims")]
    public void WrittenTable_WritesToAnArticleTable_AreFound(string sql, string table) =>
        Assert.Equal(table, ArticleWriteGuard.WrittenTable(sql, Tables), ignoreCase: true);

    [Theory]
    [InlineData("SELECT \"Id\" FROM \"Claims\" WHERE \"ArticleId\" = 3")]
    [InlineData("SELECT 1 FROM \"Articles\" WHERE \"Id\" = 3 FOR UPDATE")]
    [InlineData("INSERT INTO \"Notifications\" (\"Body\") VALUES (@p0)")]
    [InlineData("UPDATE \"AspNetUsers\" SET \"SecurityStamp\" = @p0")]
    [InlineData("INSERT INTO \"ef_temp_Claims\" SELECT * FROM \"Claims\"")]
    [InlineData("SELECT \"Id\" FROM \"Claims\" WHERE \"Exact\" LIKE '%update%'")]
    public void WrittenTable_ReadsAndOtherTables_AreLeftAlone(string sql) =>
        Assert.Null(ArticleWriteGuard.WrittenTable(sql, Tables));

    [Fact]
    public async Task Write_ArticleRowsOutsideTheJournal_RefusedAndNothingStored()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var claimId = claim.GetProperty("id").GetInt32();
        var tag = $"smuggled-{Guid.NewGuid():N}";
        await using (var db = await fixture.Factory.CreateDbContextAsync())
        {
            db.Notes.Add(new Note { ClaimId = claimId, Body = tag, AuthorId = fixture.Ana.User.Id, CreatedAt = DateTimeOffset.UtcNow });
            var saved = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.IsType<WriteOutsideJournalException>(saved.InnerException);
            Assert.Contains("ArticleJournal", saved.InnerException!.Message, StringComparison.Ordinal);
        }
        await using (var db = await fixture.Factory.CreateDbContextAsync())
        {
            await Assert.ThrowsAsync<WriteOutsideJournalException>(() =>
                db.Claims.Where(c => c.Id == claimId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Verdict, "false")));
            await Assert.ThrowsAsync<WriteOutsideJournalException>(() =>
                db.Events.Where(e => e.ArticleId == articleId).ExecuteDeleteAsync());
            await Assert.ThrowsAsync<WriteOutsideJournalException>(() =>
                db.Database.ExecuteSqlAsync($"UPDATE \"Articles\" SET \"Title\" = {tag} WHERE \"Id\" = {articleId}"));
        }
        await using (var db = await fixture.Factory.CreateDbContextAsync())
        {
            Assert.False(await db.Notes.AnyAsync(n => n.Body == tag));
            Assert.Null(await db.Claims.Where(c => c.Id == claimId).Select(c => c.Verdict).SingleAsync());
            Assert.True(await db.Events.AnyAsync(e => e.ArticleId == articleId));
            Assert.NotEqual(tag, await db.Articles.Where(a => a.Id == articleId).Select(a => a.Title).SingleAsync());
        }
        // The journal's own path still writes.
        using (var note = await fixture.Ana.Http.PostJsonAsync($"/api/claims/{claimId}/notes", new { body = tag }))
            Assert.Equal(System.Net.HttpStatusCode.Created, note.StatusCode);
    }

    [Fact]
    public async Task Scope_OfAnotherContext_DoesNotLetThisOneWrite()
    {
        var (_, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var journalContext = await fixture.Factory.CreateDbContextAsync();
        await using var other = await fixture.Factory.CreateDbContextAsync();
        using var scope = ArticleWriteScope.Open(journalContext);
        await Assert.ThrowsAsync<WriteOutsideJournalException>(() =>
            other.Claims.Where(c => c.Id == claim.GetProperty("id").GetInt32()).ExecuteUpdateAsync(s => s.SetProperty(c => c.Verdict, "false")));
    }

    /// <summary>Only the journal, its group commit and the migrations open a write scope: scanned in the IL of every method, lambdas and async bodies included.</summary>
    [Fact]
    public void OpenScope_CalledOnlyByTheJournal()
    {
        var open = typeof(ArticleWriteScope).GetMethod(nameof(ArticleWriteScope.Open), BindingFlags.Static | BindingFlags.NonPublic)!;
        var callers = new SortedSet<string>(StringComparer.Ordinal);
        var assembly = typeof(ArticleJournal).Assembly;
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                         .Cast<MethodBase>().Concat(type.GetConstructors(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)))
            {
                if (Calls(method, open)) callers.Add(Outermost(type).FullName!);
            }
        }
        Assert.Equal(new[] { typeof(DataRegistration).FullName!, typeof(ArticleJournal).FullName!, typeof(ClaimUpdateQueue).FullName! }.Order(StringComparer.Ordinal), callers);
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }

    /// <summary>Whether <paramref name="method"/>'s IL has a call to <paramref name="target"/> (call is 0x28, then a metadata token).</summary>
    private static bool Calls(MethodBase method, MethodInfo target)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception)
        {
            return false;
        }
        if (il is null) return false;
        for (var i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] != 0x28) continue;
            var token = BitConverter.ToInt32(il, i + 1);
            if ((token >> 24) is not (0x0A or 0x06 or 0x2B)) continue;
            try
            {
                if (method.Module.ResolveMethod(token, method.DeclaringType?.GetGenericArguments(), method.IsGenericMethod ? method.GetGenericArguments() : null) is { } called
                    && called.MetadataToken == target.MetadataToken && called.Module == target.Module) return true;
            }
            catch (Exception)
            {
                // not a token at this offset
            }
        }
        return false;
    }
}
