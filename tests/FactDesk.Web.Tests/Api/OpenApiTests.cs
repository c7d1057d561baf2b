using System.Net;
using FactDesk.Web.Tests.Infrastructure;

namespace FactDesk.Web.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class OpenApiTests(ApiFixture fixture)
{
    [Fact]
    public async Task OpenApiDocument_Authenticated_DescribesArticlesAndClaims()
    {
        using var response = await fixture.ViewerClient.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadJsonAsync();
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/articles", out var articles));
        Assert.True(articles.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/claims/{id}", out var claim));
        Assert.True(claim.TryGetProperty("patch", out _));
        Assert.True(paths.TryGetProperty("/api/tokens", out _));
        Assert.Equal("FactDesk API", document.GetProperty("info").GetProperty("title").GetString());
    }
}
