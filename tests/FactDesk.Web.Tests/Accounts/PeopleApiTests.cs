using System.Net;
using System.Net.Http.Json;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using FactDesk.Web.Tests.Security;

namespace FactDesk.Web.Tests.Accounts;

/// <summary>The people API: Editors list, add and re-role people, under the same rules as the People page.</summary>
[Collection(RealtimeCollection.Name)]
public sealed class PeopleApiTests(RealtimeFixture fixture)
{
    private const string NewPassword = "my-own-lantern-river-42";

    [Fact]
    public async Task GetPeople_Editor_ListsIdNameEmailRole()
    {
        var people = await fixture.Editor.Http.GetJsonAsync("/api/people");

        var ana = Assert.Single(people.EnumerateArray(), p => p.GetProperty("id").GetString() == fixture.Ana.User.Id);
        Assert.Equal(fixture.Ana.User.Name, ana.GetProperty("name").GetString());
        Assert.Equal(fixture.Ana.User.Email, ana.GetProperty("email").GetString());
        Assert.Equal("Reviewer", ana.GetProperty("role").GetString());
    }

    [Fact]
    public async Task PeopleApi_ReviewerOrViewer_ForbiddenWithReason()
    {
        foreach (var member in new[] { fixture.Ana, fixture.Viewer })
        {
            using var list = await member.Http.GetAsync("/api/people");
            Assert.Contains("Editors", (await list.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail(), StringComparison.Ordinal);
            using var add = await member.Http.PostJsonAsync("/api/people", new { email = $"x{Guid.NewGuid():N}@example.org", name = "X", role = "Editor", password = TestAccounts.Password });
            await add.AssertProblemAsync(HttpStatusCode.Forbidden);
            using var role = await member.Http.PutAsJsonAsync($"/api/people/{member.User.Id}/role", new { role = "Editor" });
            await role.AssertProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task PostPeople_Editor_CreatesAccountThatSignsInWithItsRole()
    {
        var email = $"new-{Guid.NewGuid():N}@example.org";

        using var created = await fixture.Editor.Http.PostJsonAsync("/api/people", new { email, name = "Nia New", role = "Reviewer", password = TestAccounts.Password });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var person = await created.ReadJsonAsync();
        Assert.Equal("Reviewer", person.GetProperty("role").GetString());
        Assert.True(person.GetProperty("mustChangePassword").GetBoolean());
        // The account chooses its own password first, then signs in with it (Basic auth for a token) and annotates as a Reviewer.
        var browser = fixture.Browser();
        using (var signIn = await browser.PostLoginAsync(email, TestAccounts.Password))
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using (var change = await browser.PostChangePasswordAsync(TestAccounts.Password, NewPassword, NewPassword))
            Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        var token = await fixture.IssueTokenAsync(new TestUser(person.GetProperty("id").GetString()!, email, NewPassword, "Nia New", "Reviewer"));
        using var client = fixture.CreateHttpClient(token.Token);
        var (_, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        using var patch = await client.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), state = "inProgress" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
    }

    [Theory]
    [InlineData("not-an-email", "Reviewer", TestAccounts.Password, "email")]
    [InlineData("{0}", "Owner", TestAccounts.Password, "role")]
    [InlineData("{0}", "Reviewer", "short", "Passwords must be")]
    public async Task PostPeople_BadInput_BadRequestWithReasonAndNoAccount(string email, string role, string password, string reason)
    {
        var address = string.Format(System.Globalization.CultureInfo.InvariantCulture, email, $"bad-{Guid.NewGuid():N}@example.org");

        using var response = await fixture.Editor.Http.PostJsonAsync("/api/people", new { email = address, name = "Bad Input", role, password });

        Assert.Contains(reason, (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).Detail(), StringComparison.OrdinalIgnoreCase);
        var people = await fixture.Editor.Http.GetJsonAsync("/api/people");
        Assert.DoesNotContain(people.EnumerateArray(), p => p.GetProperty("email").GetString() == address);
    }

    [Fact]
    public async Task PutRole_Editor_ChangesRoleAndRestApplyItAtOnce()
    {
        var member = await fixture.CreateMemberAsync("Reviewer", "Rolf Role");
        var (_, claim) = await fixture.Editor.Http.ImportWithClaimAsync();

        using var changed = await fixture.Editor.Http.PutAsJsonAsync($"/api/people/{member.User.Id}/role", new { role = "Viewer" });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("Viewer", (await changed.ReadJsonAsync()).GetProperty("role").GetString());
        using var patch = await member.Http.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), state = "inProgress" });
        await patch.AssertProblemAsync(HttpStatusCode.Forbidden);
        using var unknown = await fixture.Editor.Http.PutAsJsonAsync($"/api/people/{member.User.Id}/role", new { role = "Boss" });
        await unknown.AssertProblemAsync(HttpStatusCode.BadRequest);
        using var missing = await fixture.Editor.Http.PutAsJsonAsync("/api/people/no-such-person/role", new { role = "Viewer" });
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PutRole_CookieSignedInEditorLowered_NextCookieRequestHasTheNewRole()
    {
        var email = $"cookie-{Guid.NewGuid():N}@example.org";
        using var created = await fixture.Editor.Http.PostJsonAsync("/api/people", new { email, name = "Cleo Cookie", role = "Editor", password = TestAccounts.Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetString();
        var browser = fixture.Browser();
        using (var signIn = await browser.PostLoginAsync(email, TestAccounts.Password))
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using (var change = await browser.PostChangePasswordAsync(TestAccounts.Password, NewPassword, NewPassword))
            Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        using (var asEditor = await browser.GetAsync(new Uri("/api/people", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, asEditor.StatusCode);

        using (var lowered = await fixture.Editor.Http.PutAsJsonAsync($"/api/people/{id}/role", new { role = "Reviewer" }))
            Assert.Equal(HttpStatusCode.OK, lowered.StatusCode);

        // The same browser's cookie, a moment later: no longer an Editor's answer.
        using var asReviewer = await browser.GetAsync(new Uri("/api/people", UriKind.Relative));
        await asReviewer.AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
