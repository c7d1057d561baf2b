using System.Text.Json;
using Bunit;
using FactDesk.Core.Sessions;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Features.Export;
using FactDesk.Web.Features.Sessions;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FactDesk.Web.Tests.Components;

/// <summary>
/// The annotation import page on an article whose claims are signed off: an Editor is offered the correction note the
/// change needs, is refused without it (nothing stored), and with it the verdict changes and the corrections log says why.
/// </summary>
public sealed class AnnotationImportPageTests : ComponentTestContext
{
    [Fact]
    public async Task Import_OntoSignedOffClaim_EditorGivesCorrectionNoteAndTheChangeIsLogged()
    {
        Services.AddScoped(_ => App.Services.CreateScope().ServiceProvider.GetRequiredService<AnnotationImportService>());
        var budget = ClaimContaining("budget");
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var sessions = scope.ServiceProvider.GetRequiredService<SessionService>();
            var started = await sessions.StartAsync(Editor.Actor, ArticleId, new SessionSetup([Editor.Id], null, Blind: false, DecisionMode.Direct), CancellationToken.None);
            Assert.True(started.Ok, started.Message);
            var signed = await sessions.SignOffAsync(Editor.Actor, started.Value!.Id, CancellationToken.None);
            Assert.True(signed.Ok, signed.Message);
        }
        SignInAs(Editor);
        Render<MudPopoverProvider>();
        var cut = Render<AnnotationImportPage>(p => p.Add(x => x.ArticleId, ArticleId));
        cut.WaitForAssertion(() => Assert.Contains("Council", cut.Markup, StringComparison.Ordinal));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(Annotation(budget.Text, "False"), "review.jsonld"));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".fd-annotation-correction")));
        Assert.Contains("signed off", cut.Find(".fd-annotation-correction").TextContent, StringComparison.Ordinal);

        // Without the note: refused, said on the page, nothing stored.
        await cut.InvokeAsync(() => cut.FindAll(".fd-import-actions button").Last().Click());
        cut.WaitForAssertion(() => Assert.Contains("signed off", cut.Find("[role=alert]").TextContent, StringComparison.Ordinal));
        Assert.Null((await ReadClaimAsync(budget.Id)).Verdict);

        await cut.InvokeAsync(() => cut.Find(".fd-annotation-correction input").Change("The minutes were re-read."));
        await cut.InvokeAsync(() => cut.FindAll(".fd-import-actions button").Last().Click());
        await WaitUntilAsync(async () => (await ReadClaimAsync(budget.Id)).Verdict == "false");
        await using var db = await App.CreateDbContextAsync();
        Assert.Contains(await db.Corrections.Where(c => c.ClaimId == budget.Id).Select(c => c.Why).ToListAsync(), why => why == "The minutes were re-read.");
    }

    [Fact]
    public async Task Preview_ReviewerOrNothingSignedOff_NoCorrectionField()
    {
        Services.AddScoped(_ => App.Services.CreateScope().ServiceProvider.GetRequiredService<AnnotationImportService>());
        SignInAs(Editor);
        Render<MudPopoverProvider>();
        var cut = Render<AnnotationImportPage>(p => p.Add(x => x.ArticleId, ArticleId));
        cut.WaitForAssertion(() => Assert.Contains("Council", cut.Markup, StringComparison.Ordinal));
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(Annotation(ClaimContaining("budget").Text, "False"), "review.jsonld"));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".fd-import-actions")));
        Assert.Empty(cut.FindAll(".fd-annotation-correction"));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> done)
    {
        for (var i = 0; i < 100 && !await done(); i++) await Task.Delay(100);
        Assert.True(await done(), "the import did not store the verdict");
    }

    private string Annotation(string exact, string verdict) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["@context"] = "http://www.w3.org/ns/anno.jsonld",
        ["type"] = "Annotation",
        ["motivation"] = "assessing",
        ["body"] = new object[] { new Dictionary<string, object> { ["type"] = "TextualBody", ["purpose"] = "assessing", ["value"] = verdict } },
        ["target"] = new Dictionary<string, object>
        {
            ["source"] = $"http://localhost/articles/{ArticleId}",
            ["selector"] = new Dictionary<string, object> { ["type"] = "TextQuoteSelector", ["exact"] = exact },
        },
    });
}
