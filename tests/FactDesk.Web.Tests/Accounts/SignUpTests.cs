using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Accounts;

public sealed class SignUpTests
{
    [Fact]
    public async Task SignUp_FirstAccount_BecomesEditorAndLaterOnesViewer()
    {
        await using var factory = new FactDeskFactory();

        var first = await factory.SignUpAsync("first@desk.test");
        var second = await factory.SignUpAsync("second@desk.test");

        Assert.True(first.Succeeded, string.Join(" ", first.Errors));
        Assert.True(second.Succeeded, string.Join(" ", second.Errors));
        Assert.Equal(Roles.Editor, first.Role);
        Assert.Equal(Roles.Viewer, second.Role);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal([Roles.Editor], await users.GetRolesAsync(first.User!));
        Assert.Equal([Roles.Viewer], await users.GetRolesAsync(second.User!));
    }
}

/// <summary>A desk where sign-up needs an invitation; its first account (the Editor) is made at start.</summary>
public sealed class InvitationOnlyFixture : IAsyncLifetime
{
    public FactDeskFactory Factory { get; } = new(new Dictionary<string, string?> { ["FactDesk:Accounts:SignUp"] = "InvitationOnly" });
    public TestUser Editor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var result = await Factory.SignUpAsync("chief@desk.test", name: "Chief Editor");
        Assert.Equal(Roles.Editor, result.Role);
        Editor = new TestUser(result.User!.Id, "chief@desk.test", TestAccounts.Password, "Chief Editor", Roles.Editor);
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

public sealed class InvitationOnlyTests(InvitationOnlyFixture fixture) : IClassFixture<InvitationOnlyFixture>
{
    private async Task<string> InviteAsync(string email, string role)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var invited = await scope.ServiceProvider.GetRequiredService<AccountService>().InviteAsync(fixture.Editor.Actor, email, role, CancellationToken.None);
        Assert.True(invited.Ok, invited.Message);
        return invited.Value!;
    }

    [Fact]
    public async Task SignUp_InvitationOnlyWithoutCode_IsRefused()
    {
        var result = await fixture.Factory.SignUpAsync("walk-in@desk.test");

        Assert.False(result.Succeeded);
        Assert.Contains("invitation", string.Join(" ", result.Errors));
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync("walk-in@desk.test"));
    }

    [Fact]
    public async Task SignUp_InvitationOnlyWithValidCode_GetsTheInvitedRole()
    {
        var code = await InviteAsync("invited@desk.test", Roles.Reviewer);

        var result = await fixture.Factory.SignUpAsync("invited@desk.test", code.ToLowerInvariant());

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.Equal(Roles.Reviewer, result.Role);
    }

    [Fact]
    public async Task SignUp_InvitationCodeUsedTwice_IsRefusedTheSecondTime()
    {
        var code = await InviteAsync("once@desk.test", Roles.Reviewer);
        Assert.True((await fixture.Factory.SignUpAsync("once@desk.test", code)).Succeeded);

        var again = await fixture.Factory.SignUpAsync("once@desk.test", code);

        Assert.False(again.Succeeded);
    }

    [Fact]
    public async Task SignUp_InvitationForAnotherAddress_IsRefused()
    {
        var code = await InviteAsync("meant-for@desk.test", Roles.Reviewer);

        var result = await fixture.Factory.SignUpAsync("someone-else@desk.test", code);

        Assert.False(result.Succeeded);
        Assert.Contains("meant-for@desk.test", string.Join(" ", result.Errors));
    }

    [Fact]
    public async Task SignUp_WrongInvitationCode_IsRefused()
    {
        await InviteAsync("guess@desk.test", Roles.Reviewer);

        var result = await fixture.Factory.SignUpAsync("guess@desk.test", "000000000000");

        Assert.False(result.Succeeded);
        Assert.Contains("not valid", string.Join(" ", result.Errors));
    }

    [Fact]
    public async Task SetRole_LastEditor_IsRefusedAndStaysEditor()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();

        var result = await accounts.SetRoleAsync(fixture.Editor.Actor, fixture.Editor.Id, Roles.Viewer, CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Contains("last Editor", result.Message);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal([Roles.Editor], await users.GetRolesAsync((await users.FindByIdAsync(fixture.Editor.Id))!));
    }

    [Fact]
    public async Task SetRole_ByReviewer_IsForbidden()
    {
        var code = await InviteAsync("ambitious@desk.test", Roles.Reviewer);
        var reviewer = (await fixture.Factory.SignUpAsync("ambitious@desk.test", code)).User!;
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();

        var result = await accounts.SetRoleAsync(new(reviewer.Id, "Ambitious", Roles.Reviewer), reviewer.Id, Roles.Editor, CancellationToken.None);

        Assert.Equal(Kernel.WriteStatus.Forbidden, result.Status);
    }
}
