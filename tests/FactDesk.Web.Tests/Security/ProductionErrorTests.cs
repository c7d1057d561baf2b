using System.Net;
using FactDesk.Web.Data;
using FactDesk.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    public const string Boom = "boom@desk.test";

    /// <summary>A user store lookup that fails for one address: an unexpected error inside a real POST endpoint.</summary>
    private sealed class FailingUserManager(IUserStore<AppUser> store, IOptions<IdentityOptions> options, IPasswordHasher<AppUser> hasher,
        IEnumerable<IUserValidator<AppUser>> userValidators, IEnumerable<IPasswordValidator<AppUser>> passwordValidators, ILookupNormalizer normalizer,
        IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<AppUser>> logger)
        : UserManager<AppUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
    {
        public override Task<AppUser?> FindByEmailAsync(string email) =>
            email == Boom ? throw new InvalidOperationException("broken on purpose") : base.FindByEmailAsync(email);

        public override Task<AppUser?> FindByNameAsync(string userName) =>
            userName == Boom ? throw new InvalidOperationException("broken on purpose") : base.FindByNameAsync(userName);
    }

    private static WebApplicationFactoryClientHolder Production()
    {
        var factory = new FactDeskFactory();
        var broken = factory.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.ConfigureTestServices(s => s.AddScoped<UserManager<AppUser>, FailingUserManager>());
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

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens");
        request.Headers.Authorization = TestAccounts.Basic(Boom, "any-password-at-all");

        using var response = await app.Client.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("broken on purpose", problem.Detail());
        Assert.Equal(ErrorResponses.Sentence, problem.Detail());
    }

    [Fact]
    public async Task UnhandledErrorOnLoginForm_Production_PageWithASentence()
    {
        await using var app = Production();
        app.Client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml");

        // The sign-in form, as a browser posts it: in Production an error there showed the user a 405 as JSON.
        using var response = await app.Client.PostLoginAsync(Boom, "any-password-at-all");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(WebUtility.HtmlEncode(ErrorResponses.Sentence), html);
        Assert.DoesNotContain("broken on purpose", html);
    }
}
