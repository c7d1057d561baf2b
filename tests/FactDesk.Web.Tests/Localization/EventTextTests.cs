using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Sessions;
using FactDesk.Web.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Tests.Localization;

/// <summary>
/// Every kind of Event reads as a sentence in the Activity tab and the History, in the page's language: the review
/// session's Events showed their code ("session.started") there, in English and in Ukrainian.
/// </summary>
public sealed class EventTextTests
{
    public static TheoryData<string> Kinds() =>
        [.. new[] { typeof(EventKinds), typeof(SessionEventKinds) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Describe_EveryKindUnderUkrainian_IsAUkrainianSentenceNotItsCode(string kind)
    {
        var sentence = DescribeIn("uk-UA", kind);

        Assert.DoesNotContain(kind, sentence, StringComparison.Ordinal);
        Assert.Empty(EnglishText.In($"<p>{WebUtility.HtmlEncode(sentence)}</p>"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Describe_EveryKindUnderEnglish_IsASentenceNotItsCode(string kind)
    {
        var sentence = DescribeIn("en", kind);

        Assert.DoesNotContain(kind, sentence, StringComparison.Ordinal);
        Assert.NotEmpty(EnglishText.In($"<p>{WebUtility.HtmlEncode(sentence)}</p>"));
    }

    [Fact]
    public void Describe_SessionStartedBlindAndAProposal_SayWhat()
    {
        Assert.Equal("started a review session with a blind first pass", DescribeIn("en", SessionEventKinds.Started, """{"blind":true}"""));
        Assert.Equal("розпочав(-ла) сесію рецензування", DescribeIn("uk", SessionEventKinds.Started, """{"blind":false}"""));
        Assert.Equal("запропонував(-ла) вердикт «Неправда»", DescribeIn("uk", SessionEventKinds.ProposalSaved, """{"verdict":"false"}"""));
    }

    private static string DescribeIn(string culture, string kind, string? after = null)
    {
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
            // Events carry what they changed; an empty object is the least any of them has.
            var e = new ReviewEventDto(1, 5, kind, 3, new EventActor("u1", "Олена"), DateTimeOffset.UtcNow, null,
                JsonDocument.Parse(after ?? "{}").RootElement.Clone());
            return EventText.Describe(e, VerdictScale.Default, new StringLocalizer<ReviewText>(factory), new StringLocalizer<SharedText>(factory));
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
        }
    }
}
