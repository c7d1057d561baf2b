using System.Globalization;
using Bunit;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Tests.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FactDesk.Web.Tests.Localization;

/// <summary>
/// A paste past the size limit is refused by the browser before it lands in the box, and the page says so in the
/// reader's language, sizes in the reader's units ("57,2 МБ"); under English (the control) the same refusal is English.
/// </summary>
public sealed class PasteRefusalPageTests : ComponentTestContext
{
    protected override (string Editor, string Viewer) AccountNames => ("Оксана Головна", "Віктор Глядач");

    [Fact]
    public async Task PasteTooLarge_UnderUkrainian_RefusesInUkrainianWithUkrainianUnits()
    {
        var alert = await RefuseAPasteAsync("uk-UA");

        Assert.Empty(EnglishText.In(alert));
        Assert.Contains("57,2 МБ", alert, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasteTooLarge_UnderEnglish_RefusesInEnglish()
    {
        var alert = await RefuseAPasteAsync("en");

        Assert.NotEmpty(EnglishText.In(alert));
        Assert.Contains("The source is 57.2 MB", alert, StringComparison.Ordinal);
        Assert.Contains("The paste was not added", alert, StringComparison.Ordinal);
    }

    private async Task<string> RefuseAPasteAsync(string culture)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        var app = App.Services;
        Services.AddScoped(_ => app.CreateScope().ServiceProvider.GetRequiredService<ImportService>());
        Services.AddScoped(_ => app.CreateScope().ServiceProvider.GetRequiredService<RevisionService>());
        SignInAs(Editor);
        Render<MudPopoverProvider>();

        var page = Render<ImportPage>();
        // what factdesk.guardPaste calls when the browser refuses a paste of this many bytes
        await page.InvokeAsync(() => page.Instance.OnPasteRefusedAsync(60_000_000));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[role=alert]")));
        return string.Concat(page.FindAll("[role=alert]").Select(a => a.OuterHtml));
    }
}
