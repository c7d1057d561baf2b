using System.Globalization;
using System.Net;
using FactDesk.Core.Import;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Localization;

/// <summary>
/// Importing by address says what it is doing and why it stopped in the reader's language: the progress line
/// ("Connecting to …") and the refusals of the fetcher were English on a Ukrainian import page. No network is used:
/// localhost is refused by the desk's own address rule after the progress line.
/// </summary>
public sealed class FetchMessagesTests : IDisposable
{
    private readonly FactDeskFactory _app = new();

    [Theory]
    [InlineData("uk-UA")]
    [InlineData("en")]
    public async Task PreviewUrl_BlockedHostAndWrongScheme_SayItInTheReadersLanguage(string culture)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        using var scope = _app.Services.CreateScope();
        var import = scope.ServiceProvider.GetRequiredService<ImportService>();
        var said = new List<string>();
        var progress = new SynchronousProgress(said.Add);

        var blocked = await Assert.ThrowsAsync<ImportException>(() => import.PreviewUrlAsync("http://localhost:9/story", progress, CancellationToken.None));
        var scheme = await Assert.ThrowsAsync<ImportException>(() => import.PreviewUrlAsync("ftp://example.org/story", progress, CancellationToken.None));
        var notAnAddress = await Assert.ThrowsAsync<ImportException>(() => import.PreviewUrlAsync("story", progress, CancellationToken.None));

        var texts = said.Concat([blocked.Message, scheme.Message, notAnAddress.Message]).ToList();
        Assert.Contains(said, s => s.Contains("localhost", StringComparison.Ordinal));
        foreach (var text in texts)
        {
            // the host and the scheme are what the person typed, and http:// and https:// are the protocols by name
            var words = text.Replace("localhost", "", StringComparison.Ordinal).Replace("ftp", "", StringComparison.Ordinal)
                is var typed ? System.Text.RegularExpressions.Regex.Replace(typed, @"https?://(?=[\s,])", "") : "";
            var english = EnglishText.In($"<p>{WebUtility.HtmlEncode(words)}</p>");
            if (culture == "en") Assert.NotEmpty(english);
            else Assert.True(english.Count == 0, $"English in a Ukrainian message: {text}");
        }
    }

    public void Dispose() => _app.Dispose();

    /// <summary>Progress reported at once on the reporting thread (Progress&lt;T&gt; posts to the thread pool, after the test has looked).</summary>
    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
