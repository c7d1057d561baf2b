using Bunit;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Desk;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SecurityClaim = System.Security.Claims.Claim;

namespace FactDesk.Web.Tests.Components;

public sealed class DeskPageTests : ComponentTestContext
{
    [Fact]
    public void Desk_WhileTheListIsLoading_SaysLoadingThenTheRealCount()
    {
        var held = new HeldDatabase(App.Services.GetRequiredService<IDbContextFactory<FactDeskDbContext>>());
        Services.AddSingleton<IDbContextFactory<FactDeskDbContext>>(held);
        Services.AddScoped<DeskQueries>();
        AddAuthorization().SetAuthorized(Editor.Name).SetRoles(Roles.Editor)
            .SetClaims(new SecurityClaim(System.Security.Claims.ClaimTypes.NameIdentifier, Editor.Id));
        Render<MudPopoverProvider>();

        var desk = Render<DeskPage>();

        // The desk holds one article, but none has been read yet: no "0 articles", no "The desk is empty."
        var count = desk.Find(".fd-desk-count");
        Assert.Equal("Loading articles…", count.TextContent.Trim());
        Assert.Equal("true", count.GetAttribute("aria-busy"));
        Assert.DoesNotContain("0 articles", desk.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("The desk is empty.", desk.Markup, StringComparison.Ordinal);

        held.Release();

        desk.WaitForAssertion(() => Assert.Equal("1 article", desk.Find(".fd-desk-count").TextContent.Trim()));
        Assert.Equal("false", desk.Find(".fd-desk-count").GetAttribute("aria-busy"));
        desk.WaitForAssertion(() => Assert.Single(desk.FindAll(".fd-article-title")));
    }
}
