using FactDesk.Core.Import;
using FactDesk.Core.Text;

namespace FactDesk.Core.Tests.Import;

public class ArticleImporterTests
{
    private static string[] ArticleParagraphs() =>
        Fixture.Read("backchannel-article.txt").Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1..];

    [Fact]
    public void FromText_SampleShapedScrape_KeepsWholeArticleAndDropsUkrainianSidebar()
    {
        var article = ArticleImporter.FromText(Fixture.Read("backchannel-scraped.txt"));

        Assert.Equal(ArticleParagraphs(), article.KeptBlocks.Select(b => b.Text));
        Assert.Equal("US and Russia conduct secret talks on war in Ukraine via Swiss backchannel", article.Metadata.Title);
        // "– Reuters" over a text that says "Reuters reports": the write-up's source, not its outlet
        Assert.Null(article.Metadata.Outlet);
        Assert.Equal("en", article.Metadata.Language);
        Assert.Equal(RemovalReason.Title, article.Blocks[0].Reason);

        var removed = article.RemovedBlocks.Skip(1).ToList();
        Assert.All(removed, b => Assert.False(string.IsNullOrWhiteSpace(b.Explanation)));
        Assert.Equal(RemovalReason.Navigation, removed[0].Reason);
        Assert.Equal("Свіжі дописи", removed[0].Text);
        Assert.Equal(4, removed.Count(b => b.Text == "• Новини" && b.Reason == RemovalReason.HeadlineList));
        Assert.Equal(4, removed.Count(b => b.Reason == RemovalReason.LoneDate && b.Text.EndsWith(", 2025", StringComparison.Ordinal)));
        Assert.Equal(3, removed.Count(b => b.Reason == RemovalReason.ReadMore));
        Assert.Contains(removed, b => b.Text == "Читати більше" && b.Reason == RemovalReason.ReadMore);
        Assert.Contains(removed, b => b.Text.StartsWith("Міська рада Харкова", StringComparison.Ordinal) && b.Reason == RemovalReason.ReadMore);
        var foreign = removed.Where(b => b.Reason == RemovalReason.ForeignLanguage).ToList();
        Assert.Equal(6, foreign.Count);
        Assert.All(foreign, b => Assert.Equal("Sidebar in Ukrainian, article is in English", b.Explanation));
        // a teaser without any read-more marker still goes: it is in the sidebar
        Assert.Contains(foreign, b => b.Text.StartsWith("Команда дослідників", StringComparison.Ordinal));
        Assert.Equal(RemovalReason.CookieNotice, removed[^1].Reason);
        Assert.Equal("Цей сайт використовує Cookies.", removed[^1].Text);
    }

    [Fact]
    public void FromText_SampleShapedScrape_BodyIsCyrillicFree()
    {
        var body = ArticleImporter.FromText(Fixture.Read("backchannel-scraped.txt")).ComposeBody();

        Assert.DoesNotContain(body, c => c is >= '\u0400' and <= '\u04FF');
        Assert.StartsWith("The British news agency Reuters", body);
        Assert.EndsWith("until March.", body);
    }

    [Fact]
    public void FromText_EnglishSidebar_DropsShareRelatedNewsletterAndCookies()
    {
        var article = ArticleImporter.FromText(Fixture.Read("english-sidebar.txt"));

        var kept = article.KeptBlocks.Select(b => b.Text).ToList();
        Assert.Equal(4, kept.Count);
        Assert.StartsWith("Northfield's city council voted", kept[0]);
        Assert.StartsWith("Construction is expected", kept[^1]);
        Assert.Equal("Northfield Gazette", article.Metadata.Outlet);
        Assert.Equal("City council approves new bus lanes after heated debate", article.Metadata.Title);
        Assert.Contains(article.Blocks, b => b.Text == "Related stories" && b.Reason == RemovalReason.Navigation);
        Assert.Contains(article.Blocks, b => b.Text == "Share this article" && b.Reason == RemovalReason.Navigation);
        Assert.Contains(article.Blocks, b => b.Text == "Subscribe to our newsletter" && b.Reason == RemovalReason.Boilerplate);
        Assert.Contains(article.Blocks, b => b.Text == "March 3, 2025" && b.Reason == RemovalReason.LoneDate);
        Assert.Contains(article.Blocks, b => b.Text.StartsWith("We use cookies", StringComparison.Ordinal) && b.Reason == RemovalReason.CookieNotice);
        // a sidebar teaser that reads like prose is still dropped
        Assert.Contains(article.Blocks, b => b.Text.StartsWith("The board will take up", StringComparison.Ordinal) && !b.Kept);
    }

    [Fact]
    public void FromText_CyrillicArticle_StaysWhole()
    {
        var article = ArticleImporter.FromText(Fixture.Read("cyrillic-article.txt"));

        Assert.Equal(5, article.KeptBlocks.Count());
        Assert.Single(article.RemovedBlocks);
        Assert.Equal("Уряд ухвалив нову програму відновлення житла", article.Metadata.Title);
        Assert.Equal("uk", article.Metadata.Language);
    }

    [Fact]
    public void FromText_RussianText_DetectsRussian()
    {
        var article = ArticleImporter.FromText("Власти объявили об этом в четверг. Это было ожидаемо, считают эксперты.\n\nЁлка стоит на площади, где всё и произошло.");
        Assert.Equal("ru", article.Metadata.Language);
        Assert.Equal(2, article.KeptBlocks.Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n\t  \r\n ")]
    [InlineData("\u200B\u00A0\uFEFF")]
    public void FromText_EmptyOrWhitespace_ThrowsImportException(string text)
    {
        var ex = Assert.Throws<ImportException>(() => ArticleImporter.FromText(text));
        Assert.Equal(Reason.Of("Import.TextEmpty"), ex.Reason);
    }

    [Fact]
    public void FromText_OnlyFurniture_ThrowsNothingFound()
    {
        var ex = Assert.Throws<ImportException>(() => ArticleImporter.FromText("Read more\n\nFriday February 21st, 2025\n\nWe use cookies."));
        Assert.Equal(Reason.Of("Import.NothingLikeArticle"), ex.Reason);
    }

    [Fact]
    public void FromText_NormalisesNewlinesSpacesAndInvisibleCharacters()
    {
        var article = ArticleImporter.FromText("Headline here\r\n\r\nThe\u00A0mayor\u200B said\u0007 it cost $5\u202Fmillion, which was more than\r\nexpected by the council.");
        Assert.Equal("Headline here", article.Metadata.Title);
        Assert.Equal("The mayor said it cost $5 million, which was more than expected by the council.", article.ComposeBody());
    }

    [Fact]
    public void FromText_OneParagraphPerLine_SplitsIntoBlocks()
    {
        var article = ArticleImporter.FromText("Ministers agreed the budget on Monday after long talks.\nThe opposition voted against it.\nA final vote is due in May.");
        Assert.Equal(3, article.KeptBlocks.Count());
    }

    [Fact]
    public void FromText_Hints_WinOverDetection()
    {
        var article = ArticleImporter.FromText(Fixture.Read("english-sidebar.txt"), new ArticleMetadata { Title = "Bus lanes approved", Outlet = "Gazette", Author = "K. Lee" });
        Assert.Equal("Bus lanes approved", article.Metadata.Title);
        Assert.Equal("Gazette", article.Metadata.Outlet);
        Assert.Equal("K. Lee", article.Metadata.Author);
    }

    [Fact]
    public void FromText_DuplicateParagraph_IsRemovedAsDuplicate()
    {
        var p = "The council approved the plan by seven votes to two on Monday.";
        var article = ArticleImporter.FromText($"{p}\n\nIt will cost $18 million over three years, officials said.\n\n{p}\n\nWork starts in spring, the mayor said at a briefing.");
        var dup = Assert.Single(article.RemovedBlocks);
        Assert.Equal(RemovalReason.Duplicate, dup.Reason);
    }

    [Fact]
    public void ComposeBody_RestoreAndDrop_ApplyOverrides()
    {
        var article = ArticleImporter.FromText(Fixture.Read("english-sidebar.txt"));
        var related = article.Blocks.Single(b => b.Text == "Related stories").Index;
        var first = article.KeptBlocks.First().Index;

        var body = article.ComposeBody(restore: new HashSet<int> { related }, drop: new HashSet<int> { first });

        Assert.DoesNotContain("Northfield's city council voted", body);
        Assert.Contains("\n\nRelated stories", body);
        Assert.Equal(string.Join("\n\n", article.KeptBlocks.Select(b => b.Text)), article.ComposeBody());
    }

    [Fact]
    public void FromText_FiftyMegabytes_ReturnsAllParagraphs()
    {
        var paragraph = "The ministry said on Tuesday that 1,200 people had been evacuated from the flooded district, and that more help would follow within days.";
        int count = 50_000_000 / (paragraph.Length + 2);
        var sb = new System.Text.StringBuilder(50_000_100);
        for (int i = 0; i < count; i++) sb.Append(paragraph).Append(i).Append("\n\n");

        var article = ArticleImporter.FromText(sb.ToString());

        Assert.Equal(count, article.KeptBlocks.Count());
    }

    [Fact]
    public void FromHtml_NewsPage_ExtractsPlainTextAndMetadata()
    {
        var article = ArticleImporter.FromHtml(Fixture.Read("news-page.html"), new Uri("https://www.coastalherald.example/news/tunnel"));
        var body = article.ComposeBody();

        foreach (var forbidden in new[] { "<", ">", "&pound;", "&ldquo;", "&#", "TRACKING-CODE", "INLINE-SCRIPT-TEXT", "IFRAME-FALLBACK-TEXT", "FORM-", "steal()", "javascript:", "font-family", "onload" })
            Assert.DoesNotContain(forbidden, body);
        Assert.Contains("The harbour tunnel will cost £40m more than planned", body);
        Assert.Contains("“We underestimated the water table,” Olsen said.", body);
        Assert.Contains("about 60% of the bore has been completed", body);
        Assert.DoesNotContain("Pier reopens", body);

        var m = article.Metadata;
        Assert.Equal("Harbour tunnel project runs £40m over budget", m.Title);
        Assert.Equal("Priya Natarajan", m.Author);
        Assert.Equal("The Coastal Herald", m.Outlet);
        Assert.Equal("en", m.Language);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 8, 15, 0, TimeSpan.Zero), m.PublishedAt);
        Assert.Equal(new Uri("https://www.coastalherald.example/news/tunnel"), m.Url);
    }

    [Fact]
    public void FromHtml_NoMetadata_FallsBackToHostAndDetectedLanguage()
    {
        var html = "<html><body><div><p>Ministers met in Kyiv on Monday to discuss the energy plan, officials said.</p><p>The plan will cost 3 billion hryvnias, the ministry said in a statement.</p></div></body></html>";
        var article = ArticleImporter.FromHtml(html, new Uri("https://www.example.org/a"));
        Assert.Equal("example.org", article.Metadata.Outlet);
        Assert.Equal("en", article.Metadata.Language);
        Assert.Contains("3 billion hryvnias", article.ComposeBody());
    }

    [Fact]
    public void FromHtml_ScriptOnlyPage_ThrowsImportException()
    {
        Assert.Throws<ImportException>(() => ArticleImporter.FromHtml("<html><head><script>var x = 1;</script></head><body><script>render()</script></body></html>"));
    }

    [Fact]
    public void FromMarkdown_Article_StripsSyntaxAndTakesTitle()
    {
        var article = ArticleImporter.FromMarkdown(Fixture.Read("article.md"));
        var body = article.ComposeBody();

        Assert.Equal("Drought cuts wheat harvest by a fifth", article.Metadata.Title);
        Assert.Contains("The national statistics office said on Monday that this year's wheat harvest fell by 21% compared with 2024, the steepest drop since records began.", body);
        Assert.Contains("• Exports account for about 40% of farm income.", body);
        Assert.Contains("harvest_2024 = 24.1", body);
        Assert.Contains("\"This is the worst season in a generation,\" said farmer Petro Hnatyuk.", body);
        Assert.Contains("according to the agriculture ministry report", body);
        foreach (var forbidden in new[] { "**", "](", "![", "# ", "`", "field.jpg", "Read more" })
            Assert.DoesNotContain(forbidden, body);
    }

    [Fact]
    public void FromSource_Format_Dispatches()
    {
        var md = ArticleImporter.FromSource("# Title here\n\nThe **mayor** said it cost $5 million on Monday.", SourceFormat.Markdown);
        Assert.Equal("Title here", md.Metadata.Title);
        Assert.Equal("The mayor said it cost $5 million on Monday.", md.ComposeBody());

        var html = ArticleImporter.FromSource("<p>The <b>mayor</b> said it cost $5 million on Monday.</p>", SourceFormat.Html, new Uri("https://news.example.com/x"));
        Assert.Equal("The mayor said it cost $5 million on Monday.", html.ComposeBody());
        Assert.Equal(new Uri("https://news.example.com/x"), html.Metadata.Url);
    }

    [Fact]
    public void FromText_ProseAboutCookies_IsNotACookieNotice()
    {
        var text = "Browsers send cookies with requests\n\n" +
                   "The credentials setting decides whether cookies for another domain are sent with cross-origin requests, much as the older flag did.\n\n" +
                   "A server that sets a cookie on one site cannot read it from another, which is why trackers rely on third-party scripts embedded in many pages.";
        var article = ArticleImporter.FromText(text);
        Assert.DoesNotContain(article.Blocks, b => b.Reason == RemovalReason.CookieNotice);
        Assert.Equal(2, article.KeptBlocks.Count());
    }

    [Fact]
    public void FromHtml_CaptionCreditingTheAuthor_IsNotTakenForTheByline()
    {
        var html = "<html><head><title>How to build a terrarium</title><meta name='author' content='Lucy Akins'></head><body><article><h1>How to build a terrarium</h1>" +
                   "<p>A terrarium is a small garden kept under glass, and it needs little more than a jar, some gravel, soil and a few slow-growing plants.</p>" +
                   "<figure><img src='a.jpg'><figcaption>Glass cloche terrariums (Lucy Akins)</figcaption></figure>" +
                   "<p>Start with a layer of gravel for drainage, then add charcoal to keep the soil fresh, and only then the potting mix and the plants.</p></article></body></html>";
        var article = ArticleImporter.FromHtml(html, new Uri("https://garden.example/terrarium"));
        Assert.Contains(article.KeptBlocks, b => b.Text == "Glass cloche terrariums (Lucy Akins)");
        Assert.Equal("Lucy Akins", article.Metadata.Author);
    }

    [Theory]
    [InlineData("Home | News | Sport | Weather")]
    [InlineData("Home › World › Europe")]
    [InlineData("News · Local · Transport · Opinion")]
    public void FromText_PastedMenuLineFirst_IsNavigationAndTheHeadlineIsTheTitle(string menu)
    {
        var text = $"{menu}\n\nHarbour ferry fares to rise in spring\n\n" +
            "Ferry fares across the harbour will rise by 6% from April, the port authority said on Monday.\n\n" +
            "The authority carried 2.3 million passengers last year, up from 1.9 million in 2023.";

        var article = ArticleImporter.FromText(text);

        Assert.Equal("Harbour ferry fares to rise in spring", article.Metadata.Title);
        Assert.Null(article.Metadata.Outlet);
        Assert.Equal(RemovalReason.Navigation, article.Blocks[0].Reason);
        Assert.DoesNotContain("Harbour ferry fares to rise in spring", article.ComposeBody());
        Assert.StartsWith("Ferry fares across the harbour", article.ComposeBody());
    }

    [Theory]
    [InlineData("Ferry fares to rise | Harbour Gazette")]
    [InlineData("Fares, fuel and the port: what changes in April")]
    [InlineData("Is 1 / 3 of the fleet idle? Not quite, says the port")]
    public void IsMenuLine_HeadlinesAndTitlesWithAnOutlet_AreNotMenus(string line)
    {
        Assert.False(BlockClassifier.IsMenuLine(line));
    }
}
