using System.Globalization;
using System.Net;
using System.Reflection;
using FactDesk.Core.Hygiene;
using FactDesk.Web.Localization;

namespace FactDesk.Web.Tests.Localization;

/// <summary>
/// Core's text hygiene says what is wrong (field, kind of character, code point, place); the Web layer words it in the
/// reader's language. Every kind of character in every field it checks reads as Ukrainian under uk, and as English
/// under en (the same detector finds English there, so the check can fail).
/// </summary>
public sealed class HygieneWordingTests
{
    public static TheoryData<string> FieldNames() =>
        [.. typeof(Fields).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!)];

    [Theory]
    [MemberData(nameof(FieldNames))]
    public void Unclean_EveryKindInThisField_UnderUkrainian_IsUkrainianWithTheCodeAndPlace(string field)
    {
        using var _ = new Culture("uk-UA");
        foreach (var kind in Enum.GetValues<ForbiddenKind>())
        {
            var sentence = Say.Unclean(new UncleanText(field, new ForbiddenCharacter(1233, Sample(kind), kind)));

            Assert.Empty(EnglishText.In(Html(sentence)));
            Assert.Contains(new ForbiddenCharacter(0, Sample(kind), kind).CodePoint, sentence, StringComparison.Ordinal);
            // the place as a Ukrainian reader counts it, with the culture's own group separator
            Assert.Contains(1234.ToString("N0", CultureInfo.CurrentCulture), sentence, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(FieldNames))]
    public void Unclean_EveryKindInThisField_UnderEnglish_TheDetectorFindsEnglish(string field)
    {
        using var _ = new Culture("en");
        foreach (var kind in Enum.GetValues<ForbiddenKind>())
            Assert.NotEmpty(EnglishText.In(Html(Say.Unclean(new UncleanText(field, new ForbiddenCharacter(3, Sample(kind), kind))))));
    }

    [Fact]
    public void Unclean_TitleWithNul_ReadsAsTheSentenceInEachLanguage()
    {
        var unclean = TextHygiene.Check("Бюд\0жет", Fields.Title, TextKind.Line)!;

        using (new Culture("en"))
            Assert.Equal("The title holds an invisible NUL character (U+0000) at character 4; FactDesk does not store such characters. Remove it and try again.", Say.Unclean(unclean));
        using (new Culture("uk"))
            Assert.Equal("Поле «назва» містить невидимий нуль-символ (U+0000) на позиції 4; FactDesk не зберігає таких символів. Видаліть цей символ і спробуйте ще раз.", Say.Unclean(unclean));
    }

    [Fact]
    public void CredentialsInAddress_UnderUkrainian_IsUkrainian()
    {
        using (new Culture("uk-UA"))
            Assert.Empty(EnglishText.In(Html(Say.CredentialsInAddress())));
        using (new Culture("en"))
            Assert.NotEmpty(EnglishText.In(Html(Say.CredentialsInAddress())));
    }

    private static char Sample(ForbiddenKind kind) => kind switch
    {
        ForbiddenKind.Nul => '\0',
        ForbiddenKind.Tab => '\t',
        ForbiddenKind.LineBreak => '\n',
        ForbiddenKind.DirectionControl => '\u202E',
        ForbiddenKind.LoneSurrogate => (char)0xD83D,
        _ => '\u0007',
    };

    private static string Html(string text) => $"<p>{WebUtility.HtmlEncode(text)}</p>";

    /// <summary>The thread's culture for one block, restored after it.</summary>
    private sealed class Culture : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _ui = CultureInfo.CurrentUICulture;

        public Culture(string name) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _ui;
        }
    }
}
