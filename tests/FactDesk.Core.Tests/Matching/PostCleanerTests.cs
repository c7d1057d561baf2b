using FactDesk.Core.Matching;

namespace FactDesk.Core.Tests.Matching;

public sealed class PostCleanerTests
{
    [Fact]
    public void Clean_EmbeddedTweet_DropsLinksHandlesAndTail()
    {
        var post = "Our town's new bridge cost 12 million dollars, twice the estimate https://t.co/AbC123 pic.twitter.com/Xy9ZzQ @CouncilWatch — Dana Example (@dana_example) March 3, 2021";

        var clean = PostCleaner.Clean(post);

        Assert.Equal("Our town's new bridge cost 12 million dollars, twice the estimate", clean);
    }

    [Fact]
    public void Clean_HashtagsAndEntities_KeepsTheWords()
    {
        var clean = PostCleaner.Clean("Schools &amp; libraries close on Friday #SnowDayAlert");

        Assert.Equal("Schools & libraries close on Friday Snow Day Alert", clean);
    }

    [Fact]
    public void Clean_PlainClaim_Unchanged()
    {
        const string claim = "The mayor said unemployment fell to 3.1% in March.";

        Assert.Equal(claim, PostCleaner.Clean(claim));
    }

    [Fact]
    public void Clean_OnlyALink_KeepsTheOriginalRatherThanNothing()
    {
        Assert.Equal("https://example.org/x", PostCleaner.Clean(" https://example.org/x "));
    }

    [Fact]
    public void Clean_QuotedPostWithClosingQuoteAfterTheDate_StillDropsTheTail()
    {
        var clean = PostCleaner.Clean("\"Bridge tolls double next week\" — Dana Example 🇨🇦 (@dana_example) March 3, 2021\"");

        Assert.Equal("\"Bridge tolls double next week\"", clean);
    }

    [Theory]
    [InlineData(PostCleaning.All & ~PostCleaning.TweetTail, "Tolls double — Dana (@dana) May 2, 2021", "Tolls double — Dana ( ) May 2, 2021")]
    [InlineData(PostCleaning.All & ~PostCleaning.Links, "Tolls double https://t.co/x", "Tolls double https://t.co/x")]
    [InlineData(PostCleaning.All & ~PostCleaning.Handles, "@dana tolls double", "@dana tolls double")]
    [InlineData(PostCleaning.All & ~PostCleaning.Hashtags, "Tolls double #RoadWatch", "Tolls double #RoadWatch")]
    [InlineData(PostCleaning.All | PostCleaning.HandleWords, "@RoadWatch_UK says tolls double", "Road Watch UK says tolls double")]
    [InlineData(PostCleaning.None, "Tolls &amp; fares   double", "Tolls &amp; fares double")]
    public void Clean_OneStepLeftOut_LeavesJustThatNoise(PostCleaning steps, string post, string expected)
    {
        Assert.Equal(expected, PostCleaner.Clean(post, steps));
    }

    [Fact]
    public void Tail_EmbeddedPost_GivesNameHandleWordsAndYear()
    {
        var (name, author, year) = PostCleaner.Tail("Tolls double next week pic.twitter.com/x1 — Dana Example (@DanaExample_NB) March 3, 2021");

        Assert.Equal("Dana Example", name);
        Assert.Equal("Dana Example Dana Example NB", author);
        Assert.Equal(2021, year);
    }

    [Fact]
    public void Tail_TextWithoutTail_GivesNothing()
    {
        Assert.Equal((null, null, null), PostCleaner.Tail("Tolls double next week, says Dana Example (March 3, 2021)"));
    }
}
