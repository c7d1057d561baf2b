using System.Net;
using System.Net.Http.Headers;
using FactDesk.Web.Data;
using FactDesk.Web.Realtime;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using FactDesk.Web.Api;

namespace FactDesk.Web.Tests.Realtime;

/// <summary>
/// The real app on real Kestrel on a loopback port (hub clients connect over WebSockets as an outside tool would), with
/// an Editor, three Reviewers and a Viewer holding API tokens. Distinct people, because presence shows a person once.
/// Tests stay independent by importing their own articles.
/// </summary>
public sealed class RealtimeFixture : IAsyncLifetime
{
    public FactDeskFactory Factory { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;
    public Uri HubUrl => new(BaseAddress, ReviewHub.Path);

    public Member Editor { get; private set; } = null!;
    public Member Ana { get; private set; } = null!;
    public Member Ben { get; private set; } = null!;
    public Member Cai { get; private set; } = null!;
    public Member Viewer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

        Editor = await CreateMemberAsync(Roles.Editor, "Erin Editor");
        Ana = await CreateMemberAsync(Roles.Reviewer, "Ana Reviewer");
        Ben = await CreateMemberAsync(Roles.Reviewer, "Ben Reviewer");
        Cai = await CreateMemberAsync(Roles.Reviewer, "Cai Reviewer");
        Viewer = await CreateMemberAsync(Roles.Viewer, "Vic Viewer");
    }

    /// <summary>An account with an API token and an HTTP client that sends it, over the loopback socket.</summary>
    public async Task<Member> CreateMemberAsync(string role, string name)
    {
        var user = await Factory.CreateAccountAsync(role, name);
        var token = await IssueTokenAsync(user);
        return new Member(user, token, CreateHttpClient(token.Token));
    }

    /// <summary>POST /api/tokens with the password, as a client does (the factory's own clients do not reach Kestrel).</summary>
    public async Task<IssuedToken> IssueTokenAsync(TestUser user)
    {
        using var client = CreateHttpClient(null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens");
        request.Headers.Authorization = TestAccounts.Basic(user.Email, user.Password);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.ReadJsonAsync();
        return new IssuedToken(json.GetProperty("id").GetInt32(), json.GetProperty("token").GetString()!);
    }

    public HttpClient CreateHttpClient(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task<HubClient> ConnectAsync(Member member) => HubClient.ConnectAsync(HubUrl, member.Token.Token, member.User.Name);

    public async Task DisposeAsync()
    {
        foreach (var m in new[] { Editor, Ana, Ben, Cai, Viewer }) m?.Http.Dispose();
        await Factory.DisposeAsync();
    }
}

public sealed record Member(TestUser User, IssuedToken Token, HttpClient Http)
{
    public string Name => User.Name;
}

[CollectionDefinition(Name)]
public sealed class RealtimeCollection : ICollectionFixture<RealtimeFixture>
{
    public const string Name = "Realtime";
}
