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
}
