using Bunit;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Realtime;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Components;

public sealed class LiveIndicatorsTests : BunitContext
{
    public LiveIndicatorsTests() => Services.AddLocalization();

    [Fact]
    public void PresenceBar_Users_ShowsEachOnceWithWhatTheyAreDoing()
    {
        var users = new[]
        {
            new PresenceUser("u1", "Olena Editor", 4, Typing: true, "conclusion"),
            new PresenceUser("u2", "Rita Reviewer", null, Typing: false, null),
        };

        var cut = Render<PresenceBar>(p => p.Add(x => x.Users, users).Add(x => x.MyUserId, "u2").Add(x => x.ClaimLabel, id => $"claim #{id}"));

        var people = cut.FindAll(".fd-presence-user");
        Assert.Equal(2, people.Count);
        Assert.Equal("Olena Editor is typing in claim #4", people[0].GetAttribute("title"));
        Assert.Contains("fd-typing", people[0].ClassList);
        Assert.Equal("Rita Reviewer (you) is reading", people[1].GetAttribute("title"));
        Assert.Equal("2 people on this article", cut.Find(".fd-presence").GetAttribute("aria-label"));
        Assert.Equal(["OE", "RR"], cut.FindAll(".fd-avatar").Select(a => a.TextContent));
    }

    [Fact]
    public void PresenceBar_NobodyElse_RendersEmptyGroup()
    {
        var cut = Render<PresenceBar>();
        Assert.Empty(cut.FindAll(".fd-presence-user"));
    }

    [Fact]
    public void ConnectionIndicator_Rendered_StartsLiveWithAllThreeStatesLabelled()
    {
        var cut = Render<ConnectionIndicator>();

        var indicator = cut.Find("#fd-connection");
        Assert.Equal("live", indicator.GetAttribute("data-state"));
        Assert.Equal("status", indicator.GetAttribute("role"));
        Assert.Equal("Live", cut.Find(".fd-connection-live").TextContent);
        Assert.Equal("Reconnecting…", cut.Find(".fd-connection-reconnecting").TextContent);
        Assert.Equal("Offline", cut.Find(".fd-connection-offline").TextContent);
    }

    [Fact]
    public void ConflictNotice_Buttons_RaiseKeepMineAndTakeTheirs()
    {
        var kept = 0;
        var taken = 0;
        var cut = Render<ConflictNotice>(p => p
            .Add(x => x.Who, "Rita Reviewer").Add(x => x.What, "changed the conclusion while you were writing yours.")
            .Add(x => x.Theirs, "Theirs text").Add(x => x.Mine, "Mine text")
            .Add(x => x.OnKeepMine, () => kept++).Add(x => x.OnTakeTheirs, () => taken++));

        Assert.Contains("Rita Reviewer changed the conclusion", cut.Find(".fd-conflict-text").TextContent);
        Assert.Contains("Theirs text", cut.Markup);
        Assert.Contains("Mine text", cut.Markup);
        cut.FindAll("button").Single(b => b.TextContent.Contains("Keep mine")).Click();
        cut.FindAll("button").Single(b => b.TextContent.Contains("Take theirs")).Click();
        Assert.Equal((1, 1), (kept, taken));
    }
}
