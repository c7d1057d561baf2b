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
        var popovers = Render<MudPopoverProvider>();

        var cut = Render<NotificationMenu>();

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-unread]").GetAttribute("data-unread")));
        await cut.InvokeAsync(() => cut.FindComponent<MudMenu>().Instance.OpenMenuAsync(EventArgs.Empty));
        var items = popovers.WaitForElements(".fd-note-item");
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Contains("fd-note-unread", i.ClassList));

        popovers.FindAll(".fd-note-item").First(i => i.TextContent.Contains("mentioned you")).Click();

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-unread]").GetAttribute("data-unread")));
        Assert.EndsWith($"/articles/{ArticleId}#claim-2", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
    }

    [Fact]
    public async Task Menu_LiveNotification_RaisesBadgeWithoutReload()
    {
        Services.AddSingleton(App.Services.GetRequiredService<NotificationService>());
        AddAuthorization().SetAuthorized(Viewer.Name).SetClaims(new System.Security.Claims.Claim(ClaimTypes.NameIdentifier, Viewer.Id));
        Render<MudPopoverProvider>();
        var cut = Render<NotificationMenu>();
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-unread]").GetAttribute("data-unread")));

        // A reviewer with the Viewer's first name is mentioned by the Editor: the menu hears of it live.
        using var scope = App.Services.CreateScope();
        var review = scope.ServiceProvider.GetRequiredService<FactDesk.Web.Features.Review.ReviewService>();
        var added = await review.AddNoteAsync(Editor.Actor, Claims[0].Id, $"@{Viewer.Name.Split(' ')[0]} please look", null, CancellationToken.None);
        Assert.True(added.Ok, added.Message);

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-unread]").GetAttribute("data-unread")), TimeSpan.FromSeconds(10));
    }
}
