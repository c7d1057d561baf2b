using FactDesk.Core.Text;

namespace FactDesk.Core.Tests.Text;

public class SentenceSplitterTests
{
    private static string[] Sentences(string text) => SentenceSplitter.Split(text).Select(s => s.Slice(text)).ToArray();

    [Theory]
    [InlineData("The U.S. and the U.K. agreed. Talks resume in May.", "The U.S. and the U.K. agreed.|Talks resume in May.")]
    [InlineData("Mr. Smith met Mrs. Jones and Dr. Who. They talked.", "Mr. Smith met Mrs. Jones and Dr. Who.|They talked.")]
    [InlineData("Prof. Adams, Gen. Milley, Sen. Warren and Rep. Cheney spoke at St. Paul's.", "Prof. Adams, Gen. Milley, Sen. Warren and Rep. Cheney spoke at St. Paul's.")]
    [InlineData("Acme Inc. sued Foo Ltd. over the deal. It lost.", "Acme Inc. sued Foo Ltd. over the deal.|It lost.")]
    [InlineData("He founded Acme Corp. The firm grew.", "He founded Acme Corp.|The firm grew.")]
    [InlineData("Apples vs. oranges, e.g. fruit, i.e. food, etc. are fine.", "Apples vs. oranges, e.g. fruit, i.e. food, etc. are fine.")]
    [InlineData("They met on Feb. 18 in Riyadh. Then they left.", "They met on Feb. 18 in Riyadh.|Then they left.")]
    [InlineData("He lives at No. 10 and weighs approx. 80 kg.", "He lives at No. 10 and weighs approx. 80 kg.")]
    [InlineData("J. R. R. Tolkien wrote it. Donald J. Trump read it.", "J. R. R. Tolkien wrote it.|Donald J. Trump read it.")]
    [InlineData("Growth was 3.5 percent, or 1,000,000 jobs. Inflation hit 12.5%. Debt rose by $4.2bn.", "Growth was 3.5 percent, or 1,000,000 jobs.|Inflation hit 12.5%.|Debt rose by $4.2bn.")]
    [InlineData("He paused... Then he left.", "He paused...|Then he left.")]
    [InlineData("He paused… and went on.", "He paused… and went on.")]
    [InlineData("He said \"it went well.\" Then he left.", "He said \"it went well.\"|Then he left.")]
    [InlineData("She said “it went well.” Then she left.", "She said “it went well.”|Then she left.")]
    [InlineData("The plan failed. (See below.) It was costly.", "The plan failed.|(See below.)|It was costly.")]
    [InlineData("Is it true? Yes! It is.", "Is it true?|Yes!|It is.")]
    [InlineData("\"Are you sure?\" he asked.", "\"Are you sure?\" he asked.")]
    [InlineData("It ended. \"We won,\" he said. 2024 was a good year.", "It ended.|\"We won,\" he said.|2024 was a good year.")]
    [InlineData("See https://example.com/a.b?c=1 for details. Mail info@example.org. Done.", "See https://example.com/a.b?c=1 for details.|Mail info@example.org.|Done.")]
    [InlineData("Зеленський заявив про це. Путін мовчить.", "Зеленський заявив про це.|Путін мовчить.")]
    [InlineData("Так зв. реформа, т.зв. закон і т.д. тривають. Далі буде.", "Так зв. реформа, т.зв. закон і т.д. тривають.|Далі буде.")]
    [InlineData("Це сталося у 2024 р. під Києвом, у м. Київ на вул. Хрещатик. Збитки – 5 млн грн та 3 тис. доларів.", "Це сталося у 2024 р. під Києвом, у м. Київ на вул. Хрещатик.|Збитки – 5 млн грн та 3 тис. доларів.")]
    [InlineData("Він сказав: «Усе гаразд.» Потім пішов.", "Він сказав: «Усе гаразд.»|Потім пішов.")]
    [InlineData("Officials in the U.S. The talks went on.", "Officials in the U.S.|The talks went on.")]
    [InlineData("No terminal punctuation here", "No terminal punctuation here")]
    public void Split_TrickyCase_ReturnsExpectedSentences(string text, string expected)
    {
        Assert.Equal(expected.Split('|'), Sentences(text));
    }

    [Fact]
    public void Split_BlankLine_NeverCrossesParagraphBreak()
    {
        var text = "A heading without a stop\n\nFirst paragraph ends here\n \nSecond one. And more.";
        Assert.Equal(["A heading without a stop", "First paragraph ends here", "Second one.", "And more."], Sentences(text));
    }

    [Fact]
    public void Split_SpansAreTrimmed()
    {
        var text = "   One.   Two.  \n\n  Three.  ";
        foreach (var span in SentenceSplitter.Split(text))
        {
            var s = span.Slice(text);
            Assert.Equal(s.Trim(), s);
        }
        Assert.Equal(3, SentenceSplitter.Split(text).Count);
    }

    [Fact]
    public void Split_EmptyText_ReturnsNothing()
    {
        Assert.Empty(SentenceSplitter.Split(""));
        Assert.Empty(SentenceSplitter.Split("  \n\n "));
    }

    [Fact]
    public void Split_LargeText_IsLinear()
    {
        var paragraph = string.Concat(Enumerable.Repeat("The U.S. said 3.5% of 1,000 people met Dr. Smith on Feb. 18. ", 20));
        var text = string.Join("\n\n", Enumerable.Repeat(paragraph, 2000));
        Assert.Equal(2000 * 20, SentenceSplitter.Split(text).Count);
    }
}
