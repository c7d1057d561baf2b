using FactDesk.Core.Anchoring;
using FactDesk.Core.Text;

namespace FactDesk.Core.Tests.Anchoring;

public class TextAnchoringTests
{
    private const string Original =
        "The authority said on Tuesday that the tunnel will cost £310m. Opening has slipped to the spring of 2027. " +
        "Councillor Jane Hughes said the authority had lost control of the project. The tunnel is meant to take 20,000 lorries a day off the seafront road.";

    private static (TextQuote Quote, TextSpan Span) Claim(string text, string sentence)
    {
        int start = text.IndexOf(sentence, StringComparison.Ordinal);
        var span = new TextSpan(start, start + sentence.Length);
        return (TextAnchoring.Describe(text, span), span);
    }

    [Fact]
    public void Describe_Span_CapturesExactPrefixSuffix()
    {
        var (quote, _) = Claim(Original, "Opening has slipped to the spring of 2027.");
        Assert.Equal("Opening has slipped to the spring of 2027.", quote.Exact);
        Assert.Equal(TextAnchoring.DefaultContextLength, quote.Prefix.Length);
        Assert.EndsWith("will cost £310m. ", quote.Prefix);
        Assert.StartsWith(" Councillor Jane", quote.Suffix);
    }

    [Fact]
    public void Locate_UnchangedText_RoundTripsByPosition()
    {
        var (quote, span) = Claim(Original, "Councillor Jane Hughes said the authority had lost control of the project.");
        var match = TextAnchoring.Locate(Original, quote, span.Start);
        Assert.NotNull(match);
        Assert.Equal(span, match.Span);
        Assert.Equal(AnchorMethod.Position, match.Method);
        Assert.Equal(1.0, match.Confidence);
    }

    [Fact]
    public void Locate_InsertionBefore_FindsQuoteAtNewOffset()
    {
        var (quote, span) = Claim(Original, "Opening has slipped to the spring of 2027.");
        var revised = "UPDATE: this story was corrected on Wednesday. " + Original;

        var match = TextAnchoring.Locate(revised, quote, span.Start);

        Assert.NotNull(match);
        Assert.Equal(AnchorMethod.Quote, match.Method);
        Assert.Equal(quote.Exact, match.Span.Slice(revised));
    }

    [Fact]
    public void Locate_InsertionInside_FindsFuzzyMatch()
    {
        var sentence = "Councillor Jane Hughes said the authority had lost control of the project.";
        var (quote, span) = Claim(Original, sentence);
        var revised = Original.Replace(sentence, "Councillor Jane Hughes said on Monday the authority had lost control of the project.");

        var match = TextAnchoring.Locate(revised, quote, span.Start);

        Assert.NotNull(match);
        Assert.Equal(AnchorMethod.Fuzzy, match.Method);
        Assert.Equal("Councillor Jane Hughes said on Monday the authority had lost control of the project.", match.Span.Slice(revised));
        Assert.InRange(match.Confidence, 0.75, 1.0);
    }

    [Fact]
    public void Locate_InsertionAfter_StaysByPosition()
    {
        var (quote, span) = Claim(Original, "Opening has slipped to the spring of 2027.");
        var revised = Original + " The authority will publish the contracts next month.";
        var match = TextAnchoring.Locate(revised, quote, span.Start);
        Assert.NotNull(match);
        Assert.Equal(AnchorMethod.Position, match.Method);
        Assert.Equal(span, match.Span);
    }

    [Fact]
    public void Locate_DeletedSentence_IsOrphan()
    {
        var sentence = "Opening has slipped to the spring of 2027. ";
        var (quote, span) = Claim(Original, sentence.TrimEnd());
        var revised = Original.Replace(sentence, "");

        Assert.Null(TextAnchoring.Locate(revised, quote, span.Start));
        Assert.Null(TextAnchoring.Locate(revised, quote));
    }

    [Fact]
    public void Locate_RewrittenBeyondRecognition_IsOrphan()
    {
        var (quote, span) = Claim(Original, "The tunnel is meant to take 20,000 lorries a day off the seafront road.");
        var revised = Original.Replace("The tunnel is meant to take 20,000 lorries a day off the seafront road.", "Lorry traffic figures are disputed by residents.");
        Assert.Null(TextAnchoring.Locate(revised, quote, span.Start));
    }

    [Fact]
    public void Locate_QuoteOccurringTwice_ResolvedByPrefixAndSuffix()
    {
        var text = "In Kyiv, officials said the talks went well. Markets rose. In Moscow, officials said the talks went well. Markets fell.";
        int second = text.LastIndexOf("officials said the talks went well.", StringComparison.Ordinal);
        var quote = TextAnchoring.Describe(text, new TextSpan(second, second + "officials said the talks went well.".Length), 12);
        var revised = "Breaking. " + text;

        var match = TextAnchoring.Locate(revised, quote, expectedStart: 0);

        Assert.NotNull(match);
        Assert.Equal(AnchorMethod.Quote, match.Method);
        Assert.Equal(second + "Breaking. ".Length, match.Span.Start);
    }

    [Fact]
    public void Locate_EqualContextDuplicates_ResolvedByClosenessToExpectedStart()
    {
        var text = "Yes. Yes. Yes. Yes.";
        var quote = new TextQuote("Yes.", "", "");
        var match = TextAnchoring.Locate(text, quote, expectedStart: 11);
        Assert.NotNull(match);
        Assert.Equal(10, match.Span.Start);
    }

    [Fact]
    public void Locate_ReorderedParagraphs_FindsEachClaim()
    {
        var paragraphs = new[]
        {
            "The ministry said 1,200 people were evacuated from the flooded district on Sunday.",
            "Rescue teams from three regions joined the operation, according to the emergency service.",
            "The river peaked at 7.4 metres, the highest level since 1998.",
        };
        var text = string.Join("\n\n", paragraphs);
        var claims = paragraphs.Select(p => Claim(text, p)).ToList();
        var revised = string.Join("\n\n", paragraphs.Reverse());

        foreach (var (quote, span) in claims)
        {
            var match = TextAnchoring.Locate(revised, quote, span.Start);
            Assert.NotNull(match);
            Assert.Equal(quote.Exact, match.Span.Slice(revised));
        }
    }

    [Fact]
    public void Locate_ManyClaimsOnRevisedLongArticle_AllReanchor()
    {
        var rng = new Random(7);
        string[] vocabulary = ["the", "minister", "said", "budget", "rose", "by", "percent", "in", "Kyiv", "on", "Monday", "talks", "with", "officials", "after", "court", "ruled", "sanctions"];
        var sentences = Enumerable.Range(0, 700).Select(i => string.Join(' ', Enumerable.Range(0, 14).Select(_ => vocabulary[rng.Next(vocabulary.Length)])) + $" number {i}.").ToList();
        var text = string.Join(' ', sentences);
        var claims = sentences.Take(500).Select(s => Claim(text, s)).ToList();
        // revision: a new lead, and every tenth sentence lightly edited
        var revisedSentences = sentences.Select((s, i) => i % 10 == 3 ? s.Replace(" number ", " No. ") : s);
        var revised = "A new introductory sentence was added here. " + string.Join(' ', revisedSentences);

        int found = 0, fuzzy = 0;
        foreach (var (quote, span) in claims)
        {
            var match = TextAnchoring.Locate(revised, quote, span.Start);
            if (match is null) continue;
            found++;
            if (match.Method == AnchorMethod.Fuzzy) fuzzy++;
            Assert.Contains(quote.Exact.Split(' ')[^1], match.Span.Slice(revised));
        }
        Assert.Equal(500, found);
        Assert.Equal(50, fuzzy);
    }

    [Fact]
    public void CodePoints_EmojiAndCyrillic_ConvertBothWays()
    {
        var text = "👍🏽 Київ said 👍 ok";
        int kyiv = text.IndexOf("Київ", StringComparison.Ordinal);
        Assert.Equal(5, kyiv);
        Assert.Equal(3, CodePoints.FromUtf16(text, kyiv));
        Assert.Equal(kyiv, CodePoints.ToUtf16(text, 3));
        int ok = text.IndexOf("ok", StringComparison.Ordinal);
        Assert.Equal(ok - 3, CodePoints.FromUtf16(text, ok));
        Assert.Equal(ok, CodePoints.ToUtf16(text, ok - 3));
        Assert.Equal(text.EnumerateRunes().Count(), CodePoints.FromUtf16(text, text.Length));
        Assert.Equal(text.Length, CodePoints.ToUtf16(text, 1000));
    }

    [Fact]
    public void Describe_ContextWouldSplitSurrogatePair_KeepsPairWhole()
    {
        var text = "ab👍cdefgh";
        var span = new TextSpan(4, 6);
        var quote = TextAnchoring.Describe(text, span, 1);
        Assert.Equal("👍", quote.Prefix);
    }
}
