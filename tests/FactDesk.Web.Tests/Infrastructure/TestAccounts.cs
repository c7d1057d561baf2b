using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Infrastructure;

public sealed record TestUser(string Id, string Email, string Password, string Name, string Role)
{
    public Actor Actor => new(Id, Name, Role);
}

public sealed record IssuedToken(int Id, string Token);

/// <summary>Accounts through AccountService (as the sign-up page does) and tokens through the API (as a client does).</summary>
public static class TestAccounts
{
    public const string Password = "correct-horse-battery-7";

    public static async Task<SignUpResult> SignUpAsync(this FactDeskFactory factory, string email, string? invitationCode = null, string? name = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        return await accounts.SignUpAsync(new SignUpRequest(email, Password, name ?? email.Split('@')[0], invitationCode), CancellationToken.None);
    }

    /// <summary>Signs up a new account and, when it did not start with <paramref name="role"/>, has an Editor set it.</summary>
    public static async Task<TestUser> CreateAccountAsync(this FactDeskFactory factory, string role, string? name = null)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var email = $"{role.ToLowerInvariant()}-{id}@desk.test";
        name ??= $"{role} {id}";
        var result = await factory.SignUpAsync(email, name: name);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        if (result.Role != role)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var editor = (await users.GetUsersInRoleAsync(Roles.Editor)).First();
            var changed = await scope.ServiceProvider.GetRequiredService<AccountService>()
                .SetRoleAsync(new Actor(editor.Id, editor.DisplayName, Roles.Editor), result.User!.Id, role, CancellationToken.None);
            Assert.True(changed.Ok, changed.Message);
        }
        return new TestUser(result.User!.Id, email, Password, name, role);
    }

    public static AuthenticationHeaderValue Basic(string email, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email}:{password}")));

    public static async Task<IssuedToken> IssueTokenAsync(this FactDeskFactory factory, TestUser user, object? body = null)
    {
        using var client = factory.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens");
        request.Headers.Authorization = Basic(user.Email, user.Password);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new IssuedToken(json.GetProperty("id").GetInt32(), json.GetProperty("token").GetString()!);
    }

    public static HttpClient CreateBearerClient(this FactDeskFactory factory, string token)
    {
        var client = factory.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<HttpClient> CreateClientForAsync(this FactDeskFactory factory, TestUser user) =>
        factory.CreateBearerClient((await factory.IssueTokenAsync(user)).Token);
}
