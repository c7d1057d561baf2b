using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Notifications;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FactDesk.Web.Tests.Components;

public sealed class NotificationMenuTests : ComponentTestContext
{
    [Fact]
    public async Task Menu_UnreadNotifications_BadgeCountsThemAndOpeningOneMarksItRead()
    {
        await using (var db = await App.CreateDbContextAsync())
        {
            db.Notifications.AddRange(
                new Notification { UserId = Viewer.Id, Kind = "assigned", Text = "Olena Editor assigned you a claim in “Budget”", Link = $"/articles/{ArticleId}#claim-1", CreatedAt = DateTimeOffset.UtcNow },
                new Notification { UserId = Viewer.Id, Kind = "mentioned", Text = "Olena Editor mentioned you in a note on “Budget”", Link = $"/articles/{ArticleId}#claim-2", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        Services.AddSingleton(App.Services.GetRequiredService<NotificationService>());
        AddAuthorization().SetAuthorized(Viewer.Name).SetClaims(new System.Security.Claims.Claim(ClaimTypes.NameIdentifier, Viewer.Id));
        var cut = Render<NotificationMenu>();

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-unread]").GetAttribute("data-unread")));
        // One plain button opens a native popover (a click or a tap); nothing interactive is nested in it.
        var bell = cut.Find("button.fd-bell");
        Assert.Equal("fd-bell-menu", bell.GetAttribute("popovertarget"));
        Assert.Empty(bell.QuerySelectorAll("button, a, [tabindex]"));
        Assert.Equal("Notifications, 2 unread", bell.GetAttribute("aria-label"));
        // The menu re-renders when its load lands; find and click in one dispatch so no handler id goes stale between them.
        await cut.InvokeAsync(() => cut.Find("button.fd-bell").Click());
        var items = cut.WaitForElements("#fd-bell-menu .fd-note-item");
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Contains("fd-note-unread", i.ClassList));

        await cut.InvokeAsync(() => cut.FindAll(".fd-note-item").First(i => i.TextContent.Contains("mentioned you")).Click());

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-unread]").GetAttribute("data-unread")));
        // Links stored in the old form open the claim from the address too.
        Assert.EndsWith($"/articles/{ArticleId}?claim=2", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
    }

    [Fact]
    public async Task Menu_LiveNotification_RaisesBadgeWithoutReload()
    {
        Services.AddSingleton(App.Services.GetRequiredService<NotificationService>());
        AddAuthorization().SetAuthorized(Viewer.Name).SetClaims(new System.Security.Claims.Claim(ClaimTypes.NameIdentifier, Viewer.Id));
        var cut = Render<NotificationMenu>();
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-unread]").GetAttribute("data-unread")));

        // A reviewer with the Viewer's first name is mentioned by the Editor: the menu hears of it live.
        using var scope = App.Services.CreateScope();
        var review = scope.ServiceProvider.GetRequiredService<FactDesk.Web.Features.Review.Writing.ReviewService>();
        var added = await review.AddNoteAsync(Editor.Actor, Claims[0].Id, $"@{Viewer.Name.Split(' ')[0]} please look", null, CancellationToken.None);
        Assert.True(added.Ok, added.Message);

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-unread]").GetAttribute("data-unread")), TimeSpan.FromSeconds(10));
    }
}
