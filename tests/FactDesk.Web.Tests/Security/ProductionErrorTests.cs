using System.Net;
using FactDesk.Web.Data;
using FactDesk.Web.Realtime;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Security;

/// <summary>F5: in Production an unexpected failure answers problem details (or a page with a sentence), never a 405.</summary>
public sealed class ProductionErrorTests
{
    /// <summary>A bus that fails every publish: an error after the change was stored, which nothing handles.</summary>
    private sealed class BrokenBus : IReviewEventBus
    {
        public Task PublishAsync(ReviewEventBatch batch, CancellationToken cancellationToken) => throw new InvalidOperationException("broken on purpose");
        public Task PublishPresenceAsync(PresenceSnapshot snapshot, CancellationToken cancellationToken) => Task.CompletedTask;
        public IDisposable Subscribe(int articleId, Func<ReviewEventBatch, Task> onEvents, Func<PresenceSnapshot, Task>? onPresence = null) => new Nothing();
        public IDisposable SubscribeAll(Func<ReviewEventBatch, Task> onEvents, Func<PresenceSnapshot, Task> onPresence, bool inline = false) => new Nothing();
        private sealed class Nothing : IDisposable { public void Dispose() { } }
    }

    [Fact]
    public async Task UnhandledErrorOnPost_Production_500ProblemDetailsNot405()
    {
        await using var factory = new FactDeskFactory();
        var user = await factory.CreateAccountAsync(Roles.Editor);
        var token = await factory.IssueTokenAsync(user);
        using var broken = factory.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.ConfigureTestServices(s => s.AddSingleton<IReviewEventBus, BrokenBus>());
        });
        using var client = broken.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);

        using var response = await client.PostJsonAsync("/api/articles", new { text = TestApi.ShortArticle });

        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("broken on purpose", problem.Detail());
        Assert.Contains("went wrong", problem.Detail());
    }
}
