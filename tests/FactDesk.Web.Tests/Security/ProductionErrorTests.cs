using System.Net;
using FactDesk.Web.Security;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Security;

/// <summary>F5: in Production an unexpected failure answers problem details (or a page with a sentence), never a 405.</summary>
public sealed class ProductionErrorTests
{
    /// <summary>Behind the app's own pipeline (exception handler included), a request nothing else answered fails on purpose.</summary>
    private sealed class FailAtTheEnd : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(_ => throw new InvalidOperationException("broken on purpose"));
        };
    }

    private static WebApplicationFactoryClientHolder Production()
    {
        var factory = new FactDeskFactory();
        var broken = factory.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, FailAtTheEnd>());
        });
        return new WebApplicationFactoryClientHolder(factory, broken);
    }

    private sealed class WebApplicationFactoryClientHolder(FactDeskFactory factory, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> broken) : IAsyncDisposable
    {
        public HttpClient Client { get; } = broken.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await broken.DisposeAsync();
            await factory.DisposeAsync();
        }
    }

    [Fact]
    public async Task UnhandledErrorOnPost_Production_500ProblemDetailsNot405()
    {
        await using var app = Production();

        using var response = await app.Client.PostAsync("/api/fails-on-purpose", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("broken on purpose", problem.Detail());
        Assert.Equal(ErrorResponses.Sentence, problem.Detail());
    }

    [Fact]
    public async Task UnhandledErrorOnFormPost_Production_PageWithASentence()
    {
        await using var app = Production();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fails-on-purpose") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(WebUtility.HtmlEncode(ErrorResponses.Sentence), html);
        Assert.DoesNotContain("broken on purpose", html);
    }
}
