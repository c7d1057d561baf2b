using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Accounts;

/// <summary>
/// The last-Editor rule holds under concurrency: two Editors who lower each other at the same moment cannot leave the
/// desk without an Editor (the check and the change commit together, one role change at a time).
/// </summary>
public sealed class RoleChangeRaceTests : IAsyncLifetime
{
    private readonly FactDeskFactory _factory = new();

    public Task InitializeAsync()
    {
        _ = _factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task SetRole_TwoLastEditorsLowerEachOtherAtOnce_OneEditorRemains()
    {
        var a = await _factory.CreateAccountAsync(Roles.Editor, "Ada Editor");
        var b = await _factory.CreateAccountAsync(Roles.Editor, "Bo Editor");
        for (var round = 0; round < 8; round++)
        {
            // Every other Editor (the desk's first account, and whoever lost the last round) goes back to its place.
            await using (var scope = _factory.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
                var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
                var editor = (await users.GetUsersInRoleAsync(Roles.Editor)).First();
                var asEditor = new Actor(editor.Id, editor.DisplayName, Roles.Editor);
                foreach (var who in new[] { a, b })
                    Assert.True((await accounts.SetRoleAsync(asEditor, who.Id, Roles.Editor, CancellationToken.None)).Ok);
                foreach (var other in (await users.GetUsersInRoleAsync(Roles.Editor)).Where(u => u.Id != a.Id && u.Id != b.Id).ToList())
                    Assert.True((await accounts.SetRoleAsync(a.Actor, other.Id, Roles.Reviewer, CancellationToken.None)).Ok);
            }

            using var start = new ManualResetEventSlim();
            async Task<WriteResult<PersonRow>> LowerAsync(TestUser by, TestUser whom)
            {
                await using var scope = _factory.Services.CreateAsyncScope();
                var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
                start.Wait();
                return await accounts.SetRoleAsync(by.Actor, whom.Id, Roles.Reviewer, CancellationToken.None);
            }
            var first = Task.Run(() => LowerAsync(a, b));
            var second = Task.Run(() => LowerAsync(b, a));
            start.Set();
            var results = await Task.WhenAll(first, second);

            await using var check = _factory.Services.CreateAsyncScope();
            var editors = await check.ServiceProvider.GetRequiredService<UserManager<AppUser>>().GetUsersInRoleAsync(Roles.Editor);
            Assert.True(editors.Count == 1, $"round {round}: {editors.Count} Editors left ({string.Join(", ", results.Select(r => r.Status))})");
            Assert.Single(results, r => r.Ok);
            Assert.Single(results, r => r.Status == WriteStatus.Invalid);
        }
    }
}
