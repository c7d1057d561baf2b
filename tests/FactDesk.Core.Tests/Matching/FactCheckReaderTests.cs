using System.Text;
using FactDesk.Core.Matching;
using FactDesk.Core.Text;

namespace FactDesk.Core.Tests.Matching;

public sealed class FactCheckReaderTests
{
    private static FactCheckBatch Read(string json) => FactCheckReader.ReadJsonLd(Encoding.UTF8.GetBytes(json));

    private const string Review = """
        { "@context": "https://schema.org", "@type": "ClaimReview", "url": "https://checks.example/bridge",
          "claimReviewed": "The bridge cost twice its estimate", "headline": "Did the bridge cost double?",
          "reviewRating": { "@type": "Rating", "alternateName": "Mostly true" },
          "author": { "@type": "Organization", "name": "Example Checks" }, "datePublished": "2021-03-04", "inLanguage": "en" }
        """;

    [Fact]
    public void ReadJsonLd_SingleObject_ReadsEveryField()
    {
        var item = Assert.Single(Read(Review).Items);

        Assert.Equal("https://checks.example/bridge", item.Url);
        Assert.Equal("The bridge cost twice its estimate", item.ClaimReviewed);
        Assert.Equal("Did the bridge cost double?", item.Headline);
        Assert.Equal("Mostly true", item.Rating);
        Assert.Equal("Example Checks", item.Publisher);
        Assert.Equal(new DateTimeOffset(2021, 3, 4, 0, 0, 0, TimeSpan.Zero), item.DatePublished);
        Assert.Equal("en", item.Language);
    }

    [Fact]
    public void ReadJsonLd_ArrayGraphAndDataFeed_AllRead()
    {
        var other = Review.Replace("bridge\"", "tunnel\"").Replace("The bridge", "The tunnel");

        Assert.Equal(2, Read($"[{Review},{other}]").Items.Count);
        Assert.Equal(2, Read($$"""{ "@context": "https://schema.org", "@graph": [{{Review}},{{other}}] }""").Items.Count);
        var feed = Read($$"""
            { "@context": "https://schema.org", "@type": "DataFeed",
              "dataFeedElement": [ {{Review}}, { "@type": "DataFeedItem", "item": {{other}} } ] }
            """);
        Assert.Equal(["https://checks.example/bridge", "https://checks.example/tunnel"], feed.Items.Select(i => i.Url).Order());
    }

    [Fact]
    public void ReadJsonLd_DesksOwnExport_TakesTheFullClaimFromItemReviewed()
    {
        var export = """
            { "@context": "https://schema.org", "@graph": [ { "@type": "ClaimReview", "url": "https://desk.example/articles/1#claim-2",
              "claimReviewed": "The council approved a budget of four point two million dollars on…",
              "reviewRating": { "@type": "Rating", "alternateName": "False", "ratingValue": 2 },
              "author": { "@type": "Organization", "name": "FactDesk" },
              "itemReviewed": { "@type": "Claim", "text": "The council approved a budget of four point two million dollars on Tuesday evening." } } ] }
            """;

        var item = Assert.Single(Read(export).Items);

        Assert.Equal("The council approved a budget of four point two million dollars on Tuesday evening.", item.ClaimReviewed);
        Assert.Equal("False", item.Rating);
    }

    [Fact]
    public void ReadJsonLd_ItemsWithoutClaimOrWithWrongTypes_RefusedWithReasons()
    {
        var batch = Read($$"""
            [ {{Review}},
              { "@type": "ClaimReview", "url": "https://checks.example/empty" },
              { "@type": "ClaimReview", "url": 42, "claimReviewed": "Numbers are not addresses" },
              { "@type": "ClaimReview", "url": "ftp://checks.example/x", "claimReviewed": "Wrong scheme" } ]
            """);

        Assert.Single(batch.Items);
        Assert.Equal(3, batch.Refused.Count);
        Assert.Equal("FactCheckFile.NoClaim", batch.Refused[0].Reason.Code);
        Assert.Equal("https://checks.example/empty", batch.Refused[0].Url);
        Assert.Equal("FactCheckFile.UrlNotText", batch.Refused[1].Reason.Code);
        Assert.Equal(Reason.Of("FactCheckFile.UrlNotAbsolute", "ftp://checks.example/x").ToString(), batch.Refused[2].Reason.ToString());
    }

    [Fact]
    public void ReadJsonLd_DuplicateUrls_LastOneKept()
    {
        var batch = Read($"[{Review},{Review.Replace("Mostly true", "False")}]");

        Assert.Equal("False", Assert.Single(batch.Items).Rating);
    }

    [Theory]
    [InlineData("{ \"@type\": \"ClaimReview\", ")]
    [InlineData("not json at all")]
    public void ReadJsonLd_Malformed_ThrowsWithAClearMessage(string json)
    {
        var ex = Assert.Throws<FactCheckFormatException>(() => Read(json));

        Assert.Equal("FactCheckFile.NotJson", ex.Reason?.Code);
        Assert.Equal(2, ex.Reason!.Arguments.Count);
    }

    [Fact]
    public void ReadJsonLd_NoClaimReviewAtAll_Throws()
    {
        var ex = Assert.Throws<FactCheckFormatException>(() => Read("""{ "@type": "NewsArticle", "headline": "x" }"""));

        Assert.Equal("FactCheckFile.NoClaimReview", ex.Reason?.Code);
    }

    [Fact]
    public void ReadCsv_MappedColumns_ReadsRowsAndRefusesIncompleteOnes()
    {
        var csv = "Statement;Link;Verdict;Outlet;When\n" +
                  "\"The bridge cost twice, \"\"officially\"\"\";https://checks.example/b;False;Example Checks;2021-03-04\n" +
                  ";https://checks.example/c;True;Example Checks;2021-03-05\n";
        var map = new CsvColumnMap { Claim = "statement", Url = "link", Rating = "verdict", Publisher = "outlet", Date = "when" };

        var batch = FactCheckReader.ReadCsv(new StringReader(csv), map);

        var item = Assert.Single(batch.Items);
        Assert.Equal("The bridge cost twice, \"officially\"", item.ClaimReviewed);
        Assert.Equal("False", item.Rating);
        Assert.Equal("Example Checks", item.Publisher);
        var refused = Assert.Single(batch.Refused);
        Assert.Equal(1, refused.Index);
    }

    [Fact]
    public void ReadCsv_MissingClaimColumn_ThrowsNamingTheColumns()
    {
        var ex = Assert.Throws<FactCheckFormatException>(() => FactCheckReader.ReadCsv(new StringReader("text,url\nx,https://a.example/1\n")));

        // the Web layer words it: "The CSV file needs a 'claim' and a 'url' column (found: text, url); …"
        Assert.Equal(Reason.Of("FactCheckFile.CsvColumns", "claim", "url", "text, url").ToString(), ex.Reason?.ToString());
    }

    [Theory]
    [InlineData("claim,url\nA,https://a.example/1\nB \"x\",https://a.example/2\n", "FactCheckFile.CsvStrayQuote", 3)]
    [InlineData("claim,url\nA,https://a.example/1\n\"B\"x,https://a.example/2\nC,https://a.example/3\n", "FactCheckFile.CsvTextAfterQuote", 3)]
    [InlineData("claim,url\n\"A\nstill A\",https://a.example/1\n\"B,https://a.example/2\n", "FactCheckFile.CsvUnclosedQuote", 4)]
    [InlineData("cl\"aim,url\nA,https://a.example/1\nB,https://a.example/2\n", "FactCheckFile.CsvStrayQuote", 1)]
    public void ReadCsv_Malformed_SaysWhatIsWrongAndOnWhichLine(string csv, string code, long line)
    {
        var ex = Assert.Throws<FactCheckFormatException>(() => FactCheckReader.ReadCsv(new StringReader(csv)));

        // a code and the line where the record starts (the header is line 1), for the Web layer to word; CsvHelper's
        // English message is not passed on
        Assert.Equal(Reason.Of(code, line), ex.Reason);
    }
}
