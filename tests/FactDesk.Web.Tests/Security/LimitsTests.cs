using System.Net;
using System.Text;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Tests.Security;

/// <summary>F3: one allowed-size article must not break the desk: caps with a message, and exports that page their reads.</summary>
public sealed class LimitsTests
{
    private static string Repeated(int sentences) => string.Concat(Enumerable.Range(0, sentences)
        .Select(i => $"The council approved a budget of ${i + 1}.2 million on Tuesday, according to the mayor's office. "));

    [Fact]
    public async Task Import_MoreSuggestionsThanTheCap_KeepsTheCapAndSaysSo()
    {
        await using var factory = new FactDeskFactory(new Dictionary<string, string?> { ["FactDesk:Claims:MaxSuggestions"] = "4" });
        using var editor = await factory.CreateClientForAsync(await factory.CreateAccountAsync(Roles.Editor));

        using var response = await editor.PostJsonAsync("/api/articles", new { text = Repeated(12) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        Assert.Equal(4, created.GetProperty("suggestedClaims").GetInt32());
        Assert.Contains("MaxSuggestions", created.Str("notice"));
        Assert.Equal(4, (await editor.GetClaimsAsync(created.Id())).Length);
    }

    [Fact]
    public async Task AddClaim_PastThePerArticleCap_400AndNothingStored()
    {
        await using var factory = new FactDeskFactory(new Dictionary<string, string?> { ["FactDesk:Claims:MaxPerArticle"] = "3" });
        using var editor = await factory.CreateClientForAsync(await factory.CreateAccountAsync(Roles.Editor));
        var id = await editor.ImportTextAsync(Repeated(6));
        var claims = await editor.GetClaimsAsync(id);
        Assert.Equal(3, claims.Length);
        var body = await editor.GetBodyAsync(id);

        using var response = await editor.PostJsonAsync($"/api/articles/{id}/claims", new { start = body.Length - 30, end = body.Length - 2 });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("MaxPerArticle", problem.Detail());
        Assert.Equal(3, (await editor.GetClaimsAsync(id, includeDismissed: true)).Length);
    }

    [Fact]
    public async Task Export_ArticleWithMoreClaimsThanSqlParameters_StreamsEveryClaim()
    {
        // Above SQLite's 32,766 variables: the old export sent every claim id as a parameter and failed with 500.
        const int count = 33_000;
        await using var factory = new FactDeskFactory(new Dictionary<string, string?> { ["FactDesk:Claims:MaxPerArticle"] = "100000" });
        var user = await factory.CreateAccountAsync(Roles.Editor);
        using var editor = await factory.CreateClientForAsync(user);
        var id = await editor.ImportTextAsync("Officials said the port handled 4.1 million containers.");
        await using (var db = await factory.CreateDbContextAsync())
        {
            using var seeding = FactDesk.Web.Data.ArticleWriteScope.Open(db); // the test writes the rows itself, as no page may
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var now = DateTimeOffset.UtcNow;
            db.Claims.AddRange(Enumerable.Range(0, count).Select(i => new Claim
            {
                ArticleId = id, Start = 0, End = 9, Exact = "Officials", Prefix = "", Suffix = " said", Reasons = "", State = WorkflowState.Open,
                Origin = ClaimOrigin.Manual, CreatedAt = now, UpdatedAt = now, UpdatedById = user.Id,
            }));
            await db.SaveChangesAsync();
        }

        foreach (var format in new[] { "csv", "markdown" })
        {
            using var response = await editor.GetAsync($"/api/articles/{id}/export?format={format}", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            if (format == "csv") Assert.True(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= count + 1, "every claim has its row");
        }
        using var desk = await editor.GetAsync("/api/export?format=html");
        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
        Assert.Contains("Officials", await desk.Content.ReadAsStringAsync());
    }
}
