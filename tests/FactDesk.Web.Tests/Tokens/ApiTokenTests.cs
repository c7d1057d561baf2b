using System.Net;
using System.Net.Http.Headers;
using FactDesk.Web.Data;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Tests.Tokens;

[Collection(ApiCollection.Name)]
public sealed class ApiTokenTests(ApiFixture fixture)
{
    private FactDeskFactory Factory => fixture.Factory;

    [Fact]
    public async Task CreateToken_BasicAuth_ReturnsSecretOnceAndListNeverContainsIt()
    {
        var user = await Factory.CreateAccountAsync(Roles.Reviewer);
        using var client = Factory.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens");
        request.Headers.Authorization = TestAccounts.Basic(user.Email, user.Password);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        var token = created.GetProperty("token").GetString()!;
        Assert.StartsWith("fdk_", token);
        Assert.True(token.Length >= 40, "The token is too short to be unguessable.");

        using var bearer = Factory.CreateBearerClient(token);
        using var list = await bearer.GetAsync("/api/tokens");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var listed = await list.Content.ReadAsStringAsync();
        Assert.Contains($"\"id\":{created.Id()}", listed);
        Assert.DoesNotContain(token, listed);
        Assert.DoesNotContain(token[10..], listed);
    }

    [Fact]
    public async Task CreateToken_WrongPassword_Returns401Problem()
    {
        var user = await Factory.CreateAccountAsync(Roles.Viewer);
        using var client = Factory.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens");
        request.Headers.Authorization = TestAccounts.Basic(user.Email, "not-the-password");
        using var response = await client.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("wrong", problem.Detail());
        Assert.DoesNotContain("\"token\"", problem.GetRawText());
    }

    [Fact]
    public async Task CreateToken_NoCredentials_Returns401Problem()
    {
        using var client = Factory.CreateApiClient();

        using var response = await client.PostAsync("/api/tokens", null);

        Assert.Null(response.Headers.Location);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task CreateToken_WithBearerTokenOnly_Returns401()
    {
        using var client = await Factory.CreateClientForAsync(await Factory.CreateAccountAsync(Roles.Reviewer));

        using var response = await client.PostAsync("/api/tokens", null);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task CreateToken_UnknownEmail_Returns401Problem()
    {
        using var client = Factory.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens");
        request.Headers.Authorization = TestAccounts.Basic("nobody@desk.test", TestAccounts.Password);
        using var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bearer_ValidToken_ListsArticles()
    {
        var user = await Factory.CreateAccountAsync(Roles.Viewer);
        using var client = await Factory.CreateClientForAsync(user);
        var articleId = await fixture.EditorClient.ImportTextAsync();

        using var response = await client.GetAsync("/api/articles");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"\"id\":{articleId}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bearer_RevokedToken_Returns401SayingRevoked()
    {
        var user = await Factory.CreateAccountAsync(Roles.Reviewer);
        var token = await Factory.IssueTokenAsync(user);
        using var client = Factory.CreateBearerClient(token.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/articles")).StatusCode);

        using var revoke = await client.DeleteAsync($"/api/tokens/{token.Id}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var response = await client.GetAsync("/api/articles");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem.Detail());
    }

    [Fact]
    public async Task RevokeToken_AnotherUsersToken_Returns404AndTokenKeepsWorking()
    {
        var owner = await Factory.CreateAccountAsync(Roles.Reviewer);
        var token = await Factory.IssueTokenAsync(owner);

        using var response = await fixture.EditorClient.DeleteAsync($"/api/tokens/{token.Id}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        using var client = Factory.CreateBearerClient(token.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/articles")).StatusCode);
    }

    [Fact]
    public async Task Bearer_ExpiredToken_Returns401SayingExpired()
    {
        var user = await Factory.CreateAccountAsync(Roles.Reviewer);
        var token = await Factory.IssueTokenAsync(user, new { name = "short-lived", expiresInDays = 1 });
        await using (var db = await Factory.CreateDbContextAsync())
        {
            var row = await db.ApiTokens.SingleAsync(t => t.Id == token.Id);
            row.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync();
        }
        using var client = Factory.CreateBearerClient(token.Token);

        using var response = await client.GetAsync("/api/articles");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem.Detail());
    }

    [Fact]
    public async Task Bearer_UnknownToken_Returns401Problem()
    {
        using var client = Factory.CreateBearerClient("fdk_" + new string('x', 43));

        using var response = await client.GetAsync("/api/articles");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("not known", problem.Detail());
    }

    [Theory]
    [InlineData("GET", "/api/articles")]
    [InlineData("POST", "/api/articles")]
    [InlineData("PATCH", "/api/claims/1")]
    [InlineData("GET", "/api/tokens")]
    public async Task Api_NoAuthentication_Returns401ProblemNotRedirect(string method, string url)
    {
        using var client = Factory.CreateApiClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method != "GET") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.SendAsync(request);

        Assert.Null(response.Headers.Location);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiTokens_Stored_AsHashNeverAsToken()
    {
        var user = await Factory.CreateAccountAsync(Roles.Viewer);
        var token = await Factory.IssueTokenAsync(user);

        await using var db = await Factory.CreateDbContextAsync();
        var row = await db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == token.Id);

        Assert.NotEqual(token.Token, row.Hash);
        Assert.DoesNotContain(token.Token[4..], row.Hash);
        Assert.Equal(64, row.Hash.Length);
        Assert.True(token.Token.StartsWith(row.Prefix, StringComparison.Ordinal) && row.Prefix.Length <= 10, "Only a short prefix of the token may be stored.");
        var everyColumn = string.Join("|", row.Name, row.Prefix, row.Hash, row.UserId);
        Assert.DoesNotContain(token.Token, everyColumn);
    }

    [Fact]
    public async Task Bearer_MalformedBasicHeader_Returns401Problem()
    {
        using var client = Factory.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "not base64!");

        using var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
