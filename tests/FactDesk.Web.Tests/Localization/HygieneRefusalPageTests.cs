using System.Globalization;
using System.Text;
using Bunit;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Localization;
using FactDesk.Web.Tests.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MudBlazor;

namespace FactDesk.Web.Tests.Localization;

/// <summary>
/// A title typed with an invisible character is refused on the import page in the reader's language: Core's
/// TextHygiene finds it, the Web layer words it. Under uk the refusal is Ukrainian and names the field and the
/// character; under en (the control) it is the English sentence.
/// </summary>
public sealed class HygieneRefusalPageTests : ComponentTestContext
{
    protected override (string Editor, string Viewer) AccountNames => ("Оксана Головна", "Віктор Глядач");

    [Fact]
    public async Task ImportSave_TitleWithDirectionControl_UnderUkrainian_RefusesInUkrainian()
    {
        var alert = await SaveWithHostileTitleAsync("uk-UA");

        Assert.Empty(EnglishText.In(alert));
        Assert.Contains("«назва»", alert, StringComparison.Ordinal);
        Assert.Contains("U+202E", alert, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportSave_TitleWithDirectionControl_UnderEnglish_RefusesInEnglish()
    {
        var alert = await SaveWithHostileTitleAsync("en");

        Assert.NotEmpty(EnglishText.In(alert));
        Assert.Contains("The title holds an invisible text-direction control (U+202E)", alert, StringComparison.Ordinal);
    }

    /// <summary>Pastes, previews, types a title with U+202E in it, presses Save; returns the refusal's markup.</summary>
    private async Task<string> SaveWithHostileTitleAsync(string culture)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        var app = App.Services;
        Services.AddScoped(_ => app.CreateScope().ServiceProvider.GetRequiredService<ImportService>());
        Services.AddScoped(_ => app.CreateScope().ServiceProvider.GetRequiredService<RevisionService>());
        JSInterop.Setup<long>("factdesk.textSize", "fd-paste").SetResult(Encoding.UTF8.GetByteCount(Pasted));
        JSInterop.Setup<IJSStreamReference>("factdesk.textStream", "fd-paste").SetResult(new TextStream(Pasted));
        SignInAs(Editor);
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();

        var page = Render<ImportPage>();
        await page.InvokeAsync(() => page.FindAll("button").First(b => b.TextContent.Contains(Word("Paste.Preview"), StringComparison.Ordinal)).Click());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".fd-preview-meta input")));
        await page.InvokeAsync(() => page.FindAll(".fd-preview-meta input")[0].Change("Бюджет \u202Eухвалено"));
        await page.InvokeAsync(() => page.FindAll("button").First(b => b.TextContent.Trim() == Word("Save")).Click());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[role=alert]")));
        return string.Concat(page.FindAll("[role=alert]").Select(a => a.OuterHtml));
    }

    private static string Word(string key) =>
        new System.Resources.ResourceManager("FactDesk.Web.Resources.ImportText", typeof(FactDesk.Web.Resources.SharedText).Assembly).GetString(key, CultureInfo.CurrentUICulture)!;

    private sealed class TextStream(string text) : IJSStreamReference
    {
        public long Length => Encoding.UTF8.GetByteCount(text);

        public ValueTask<Stream> OpenReadStreamAsync(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    // Written for this test.
    private const string Pasted = """
        Рада ухвалила бюджет

        Міська рада у вівторок ухвалила бюджет на 4,2 мільйона гривень, повідомив мер.

        Безробіття в березні знизилося до 3,5 %, за даними управління статистики.
        """;
}
