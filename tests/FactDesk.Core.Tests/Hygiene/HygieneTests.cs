using FactDesk.Core.Hygiene;
using FactDesk.Core.Import;
using FactDesk.Core.Text;

namespace FactDesk.Core.Tests.Hygiene;

public sealed class HygieneTests
{
    [Theory]
    [InlineData("a\u0000b", "U+0000", ForbiddenKind.Nul)]
    [InlineData("a\u0008b", "U+0008", ForbiddenKind.Control)]
    [InlineData("a\u0085b", "U+0085", ForbiddenKind.Control)]
    [InlineData("a\u202Eb", "U+202E", ForbiddenKind.DirectionControl)]
    [InlineData("a\u2067b", "U+2067", ForbiddenKind.DirectionControl)]
    [InlineData("a\tb", "U+0009", ForbiddenKind.Tab)]
    [InlineData("a\nb", "U+000A", ForbiddenKind.LineBreak)]
    public void Check_ForbiddenInALine_NamesTheFieldTheCharacterAndItsPlace(string value, string code, ForbiddenKind kind)
    {
        var unclean = TextHygiene.Check(value, "Title", TextKind.Line);

        Assert.NotNull(unclean);
        Assert.Equal("Title", unclean.Field);
        Assert.Equal(code, unclean.Forbidden.CodePoint);
        Assert.Equal(kind, unclean.Forbidden.Kind);
        Assert.Equal(2, unclean.Forbidden.Position);
    }

    [Fact]
    public void Check_LoneSurrogate_Refused()
    {
        // Built in code: a test runner's serialisation would turn a lone surrogate in InlineData into U+FFFD.
        var value = "a" + (char)0xD83D + "b";

        var unclean = TextHygiene.Check(value, "Note", TextKind.Multiline);
        Assert.Equal("U+D83D", unclean?.Forbidden.CodePoint);
        Assert.Equal(ForbiddenKind.LoneSurrogate, unclean?.Forbidden.Kind);
    }

    [Fact]
    public void CheckAll_SecondFieldUnclean_NamesTheSecondField()
    {
        var unclean = TextHygiene.CheckAll(("fine", "Name", TextKind.Line), ("x\u202Ey", "Email", TextKind.Line));

        Assert.Equal("Email", unclean?.Field);
    }

    [Theory]
    [InlineData("Київ, 23 лютого")]
    [InlineData("مرحبا بالعالم")]
    [InlineData("emoji 👍🏽 and 𝕏")]
    [InlineData("line one\nline two\ttabbed\r\n")]
    public void Check_OrdinaryTextOfAnyScript_Clean(string value) =>
        Assert.Null(TextHygiene.Check(value, "note", TextKind.Multiline));

    [Fact]
    public void Clean_SourceText_DropsControlsKeepsTextAndPairs()
    {
        var cleaned = TextHygiene.Clean("A\u0000B\u202EC 👍\uD800 D\nE", TextKind.Multiline, out var removed);

        Assert.Equal("ABC 👍 D\nE", cleaned);
        Assert.Equal(3, removed);
    }

    [Fact]
    public void SnapToCodePoints_EndsInsidePair_WidenedToWholeCharacters()
    {
        const string text = "ab👍cd";
        Assert.Equal(new TextSpan(2, 5), TextHygiene.SnapToCodePoints(text, new TextSpan(3, 5)));
        Assert.Equal(new TextSpan(0, 4), TextHygiene.SnapToCodePoints(text, new TextSpan(0, 3)));
        Assert.True(TextHygiene.IsInsideCodePoint(text, 3));
        Assert.False(TextHygiene.IsInsideCodePoint(text, 2));
    }

    [Theory]
    [InlineData("http://user:secretpw@host.example/", true)]
    [InlineData("https://token@host.example/x", true)]
    [InlineData("https://host.example/a?b=c", false)]
    public void HasCredentials_Detects(string url, bool expected) => Assert.Equal(expected, UrlHygiene.HasCredentials(url));

    [Fact]
    public void ForExportAndForLog_NeverCarryTheSecret()
    {
        const string url = "https://user:secretpw@host.example/story?token=abc123#x";

        Assert.DoesNotContain("secretpw", UrlHygiene.ForExport(url));
        Assert.Contains("host.example/story", UrlHygiene.ForExport(url));
        var logged = UrlHygiene.ForLog(url);
        Assert.DoesNotContain("secretpw", logged);
        Assert.DoesNotContain("abc123", logged);
        Assert.StartsWith("https://host.example/story", logged);
    }

    [Theory]
    [InlineData("Click [here](javascript:alert(1)) now.", "here now.")]
    [InlineData("See [Paris](https://en.wikipedia.org/wiki/Paris_(France)) today.", "Paris today.")]
    [InlineData("An ![chart](img(1).png) inline chart.", "inline chart.")]
    public void Markdown_LinkWithParenthesesInDestination_LeavesNoStrayParenthesis(string markdown, string expected)
    {
        var (text, _) = MarkdownConverter.ToPlainText(markdown);

        Assert.DoesNotContain(")", text);
        Assert.DoesNotContain("javascript", text);
        Assert.Contains(expected, text);
    }
}
