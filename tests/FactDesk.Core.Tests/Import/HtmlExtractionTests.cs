using FactDesk.Core.Import;
using FactDesk.Core.Text;

namespace FactDesk.Core.Tests.Import;

/// <summary>Real page shapes, written for these tests: the article beside the furniture real pages put around it.</summary>
public class HtmlExtractionTests
{
    private static readonly Uri PageUrl = new("https://www.valleycourier.example/news/2025/03/05/rail-fares");

    private static string Page(string body, string head = "") =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Bridge repairs to close the river crossing for six weeks | Valley Courier</title>{head}</head><body>{body}</body></html>";

    private const string Nav = "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a> <a href='/culture'>Culture</a></nav>";

    private static readonly string[] Paragraphs =
    [
        "The river crossing at Eastgate will close for six weeks from Monday while engineers replace the bridge's worn expansion joints, the county council said.",
        "About 14,000 vehicles use the crossing every day, and drivers have been told to expect delays of up to 25 minutes on the diversion through Millbrook.",
        "The council said the work would cost 2.3 million and had been brought forward after an inspection in January found cracks in two of the joints.",
        "Local businesses said the timing was poor. \"March is when our trade picks up again, and now nobody will be able to reach us,\" said café owner Ines Duarte.",
        "Buses will keep running across the bridge on a single lane controlled by temporary lights, and pedestrians and cyclists will be able to use the footway throughout.",
        "The council expects to reopen the crossing fully by the middle of April, weather permitting, and will publish weekly updates on its website.",
    ];

    private static string ArticleDivs() => string.Concat(Paragraphs.Select(p => $"<div class='para'>{p}</div>"));

    private static string ArticleParagraphs() => string.Concat(Paragraphs.Select(p => $"<p>{p}</p>"));

    private static void AssertWholeArticle(CleanedArticle article)
    {
        var kept = article.KeptBlocks.Select(b => b.Text).ToList();
        foreach (var p in Paragraphs) Assert.Contains(p, kept);
    }

    [Fact]
    public void FromHtml_SmartReaderFindsArticle_ItsResultIsTheOneUsed()
    {
        // FactDesk's old fallback took the element whose direct <p> children hold the most text: here the box of short
        // promotional lines. SmartReader skips lines that short and scores the story's div paragraphs. What is kept must
        // be SmartReader's result, paragraph for paragraph.
        var promos = string.Concat(Enumerable.Range(1, 40).Select(i => $"<p><a href='/offers/{i}'>Offer {i:00}: save on tickets</a></p>"));
        var html = Page(Nav + $"<div class='box'>{promos}</div><div id='story'><h1>Bridge repairs to close the river crossing for six weeks</h1>{ArticleDivs()}</div>");
        var library = new SmartReader.Reader(PageUrl.ToString(), html).GetArticle();
        var libraryParagraphs = library.TextContent.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l != "Bridge repairs to close the river crossing for six weeks").ToList();

        var article = ArticleImporter.FromHtml(html, PageUrl);

        Assert.Equal(MetadataSources.Named("SmartReader"), article.Metadata.Sources?.Text);
        Assert.Equal(libraryParagraphs, article.KeptBlocks.Select(b => b.Text));
        Assert.Equal(Paragraphs, article.KeptBlocks.Select(b => b.Text));
        Assert.DoesNotContain("Offer", article.ComposeBody());
    }

    [Fact]
    public void FromHtml_StoryFullOfLinks_KeepsWhatSmartReaderAloneKeeps()
    {
        // FactDesk takes the links' addresses off before SmartReader reads (its per-link rewrite re-searched the article for
        // every link). The choice must stay SmartReader's own: in-page links keep their address, because its link density
        // weighs them at 0.3. The notes box below is 42% in-page link text: at 0.3 (0.12) it stays, at full weight it is past
        // SmartReader's 0.2 and would go.
        var linked = Paragraphs.Select((p, i) => i % 2 == 0
            ? p.Replace("the county council said", "<a href='/council/statements/2025-03'>the county council said</a>", StringComparison.Ordinal)
               .Replace("up to 25 minutes", "<a href='https://maps.example/diversion'>up to 25 minutes</a>", StringComparison.Ordinal)
            : p.Replace("weather permitting", "<a href='javascript:void(0)'>weather permitting</a>", StringComparison.Ordinal));
        const string Notes = "<div><p>See the notes on <a href='#note-1'>the inspection report of January</a> and <a href='#note-2'>the council budget</a> for the details of the repair work on the joints.</p>"
            + "<p>Earlier: <a href='#note-3'>the first closure in 2019</a> and <a href='#note-4'>the consultation</a>, both before the current plan was agreed.</p></div>";
        var related = "<div class='related'><ul>" + string.Concat(Enumerable.Range(1, 12).Select(i => $"<li><a href='/news/{i}'>Another story about the town, number {i}</a></li>")) + "</ul></div>";
        var html = Page(Nav + "<div id='story'><h1>Bridge repairs to close the river crossing for six weeks</h1>"
            + string.Concat(linked.Select(p => $"<p>{p}</p>")) + Notes + "</div>" + related);
        var library = new SmartReader.Reader(PageUrl.ToString(), html).GetArticle();
        var libraryParagraphs = library.TextContent.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l != "Bridge repairs to close the river crossing for six weeks").ToList();

        var article = ArticleImporter.FromHtml(html, PageUrl);

        Assert.Equal(MetadataSources.Named("SmartReader"), article.Metadata.Sources?.Text);
        Assert.Equal(libraryParagraphs, article.KeptBlocks.Select(b => b.Text));
        AssertWholeArticle(article);
        Assert.Contains(article.KeptBlocks, b => b.Text.StartsWith("See the notes on the inspection report", StringComparison.Ordinal));
        Assert.DoesNotContain("Another story", article.ComposeBody());
    }

    [Fact]
    public void FromHtml_StoryContinuedInAnExpander_IsKeptWhole()
    {
        // Sites show the first screen of a story and the rest in a box that script opens ("read more"), with a class
        // such as hideOnInit. SmartReader 0.11.1's pattern of score-lowering class words holds "hid" without the spaces
        // Readability puts around it, so the box counted against itself, its clean-up removed it, and the story ended
        // after its first screen.
        string[] rest =
        [
            "Engineers first reported the cracks in a routine inspection, and the council's transport committee agreed in February to bring the work forward by a year.",
            "Traders on Eastgate Road have asked for signs on the ring road that tell drivers the shops are still open, and the council said it would put them up this week.",
            "The diversion adds about four miles to a trip from Millbrook to the station, and the bus company said it would add two extra morning journeys on route 12.",
            "A second phase, resurfacing the approach roads, is planned for the autumn and would need only overnight closures, according to the council's report.",
        ];
        var html = Page(Nav + "<div class='story-body'><h1>Bridge repairs to close the river crossing for six weeks</h1>"
            + ArticleParagraphs()
            + "<div class='recirc'></div><hr/><div class='ad-slot'></div><hr/>"
            + $"<div class='toggle-group target hideOnInit' data-toggle-group='story-1'>{string.Concat(rest.Select(p => $"<p>{p}</p>"))}</div>"
            + "<a class='toggle-group trigger' href='#'>Continue reading</a></div>");

        var article = ArticleImporter.FromHtml(html, PageUrl);

        AssertWholeArticle(article);
        var kept = article.KeptBlocks.Select(b => b.Text).ToList();
        foreach (var p in rest) Assert.Contains(p, kept);
    }

    [Fact]
    public void ReadabilityNegative_IsReadabilitysPattern_HidOnlyAsAWord()
    {
        var negative = new System.Text.RegularExpressions.Regex(HtmlExtractor.ReadabilityNegative, System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        Assert.DoesNotMatch(negative, "toggle-group target hideOnInit");
        Assert.DoesNotMatch(negative, "chidren-list");
        Assert.Matches(negative, "box hid");
        Assert.Matches(negative, "visually-hidden");
        Assert.Matches(negative, "site-footer");
    }

    [Fact]
    public void FromHtml_FooterAddressBlock_IsNotTakenForTheArticle()
    {
        var article = ArticleImporter.FromHtml(Fixture.Read("pages/div-paragraphs.html"), PageUrl);

        var body = article.ComposeBody();
        Assert.Equal(6, article.KeptBlocks.Count());
        Assert.StartsWith("Regional rail fares will rise by an average of 4%", body);
        Assert.EndsWith("before any change to season tickets next year.", body);
        Assert.DoesNotContain("12 Market Street", body);
        Assert.DoesNotContain("complaints procedure", body);
        Assert.Equal("Regional rail fares to rise by 4% in April", article.Metadata.Title);
        Assert.Equal("Tomasz Wierzbicki", article.Metadata.Author);
    }

    [Fact]
    public void FromHtml_DivParagraphs_KeepsEveryParagraphApart()
    {
        var article = ArticleImporter.FromHtml(Page(Nav + $"<div id='story'><h1>Bridge repairs to close the river crossing for six weeks</h1>{ArticleDivs()}</div>"), PageUrl);
        AssertWholeArticle(article);
        Assert.Equal(Paragraphs.Length, article.KeptBlocks.Count());
    }

    [Fact]
    public void FromHtml_BrParagraphs_KeepsEveryParagraph()
    {
        var article = ArticleImporter.FromHtml(Page(Nav + $"<div class='text'>{string.Join("<br><br>", Paragraphs)}</div>"), PageUrl);
        AssertWholeArticle(article);
    }

    [Fact]
    public void FromHtml_ArticleBesideFurniture_KeepsArticleOnly()
    {
        var furniture =
            "<div class='newsletter'><h3>Get the morning briefing</h3><p>Sign up for our newsletter and get the day's top stories in your inbox.</p><form><input type='email'><button>Subscribe</button></form></div>" +
            "<div id='cookie-consent'><p>We use cookies to improve your experience and to show you relevant adverts. By continuing you accept our cookie policy.</p><button>Accept</button></div>" +
            "<section class='comments'><h3>Comments</h3><div class='comment'><p>I drive over that bridge every day and honestly it has needed this for years, good news at last for all of us.</p></div><div class='comment'><p>Six weeks is far too long for such a simple job, the council should have planned this much better.</p></div></section>" +
            "<aside class='related'><h3>Related stories</h3><ul><li><a href='/a'>Millbrook bypass plan returns to council</a></li><li><a href='/b'>Bus fares frozen for another year</a></li><li><a href='/c'>New cycle lane opens on Station Road</a></li></ul></aside>" +
            "<footer><address><p>Valley Courier, 12 Market Street, Northbridge.</p><p>All rights reserved © 2025 Valley Media Group.</p></address></footer>";
        var html = Page(Nav + $"<main><article><h1>Bridge repairs to close the river crossing for six weeks</h1>{ArticleParagraphs()}</article></main>{furniture}");

        var article = ArticleImporter.FromHtml(html, PageUrl);

        AssertWholeArticle(article);
        var body = article.ComposeBody();
        foreach (var junk in new[] { "newsletter", "cookies", "I drive over that bridge", "Six weeks is far too long", "Millbrook bypass", "Market Street", "All rights reserved" })
            Assert.DoesNotContain(junk, body);
    }

    [Fact]
    public void FromHtml_SectionNamedLikeAShareBox_IsKeptForItsProse()
    {
        // documentation pages take section ids from their headings: "sharing-with-…" is named like a share box
        var section = $"<div class='section' id='sharing-with-a-single-developer'><h2>Sharing with a single developer</h2>{string.Concat(Paragraphs.Skip(3).Select(p => $"<p>{p}</p>"))}</div>";
        var html = Page(Nav + $"<div class='document'><h1>Bridge repairs</h1>{string.Concat(Paragraphs.Take(3).Select(p => $"<p>{p}</p>"))}{section}</div>");

        var article = ArticleImporter.FromHtml(html, PageUrl);

        AssertWholeArticle(article);
    }

    [Fact]
    public void FromHtml_CommentThread_IsRemovedThoughItReadsLikeProse()
    {
        var comments = string.Concat(Enumerable.Range(1, 4).Select(i =>
            $"<li id='comment-{i}' class='comment'><p>Reader {i} wrote: I drive over that bridge every day and honestly it has needed this repair for years, so this is good news at last for all of us who live on the east side of the river.</p></li>"));
        var html = Page(Nav + $"<main><article><h1>Bridge repairs to close the river crossing for six weeks</h1>{ArticleParagraphs()}</article></main><section id='comments'><h3>4 comments</h3><ol class='comment-list'>{comments}</ol></section>");

        var article = ArticleImporter.FromHtml(html, PageUrl);

        AssertWholeArticle(article);
        Assert.DoesNotContain("I drive over that bridge", article.ComposeBody());
    }

    [Fact]
    public void FromHtml_LiveBlog_KeepsEveryEntry()
    {
        var entries = string.Concat(Paragraphs.Select((p, i) => $"<div class='live-entry'><time datetime='2025-03-05T{10 + i:00}:00:00Z'>{10 + i}:00</time><div class='entry-body'><p>{p}</p></div></div>"));
        var ld = "<script type='application/ld+json'>{\"@context\":\"https://schema.org\",\"@type\":\"LiveBlogPosting\",\"headline\":\"Eastgate bridge closure: live updates\",\"coverageStartTime\":\"2025-03-05T10:00:00Z\",\"datePublished\":\"2025-03-05T10:00:00Z\"}</script>";
        var article = ArticleImporter.FromHtml(Page(Nav + $"<main><h1>Eastgate bridge closure: live updates</h1><div class='live-feed'>{entries}</div></main>", ld), PageUrl);

        AssertWholeArticle(article);
        Assert.Equal("Eastgate bridge closure: live updates", article.Metadata.Title);
        Assert.Equal(new DateTimeOffset(2025, 3, 5, 10, 0, 0, TimeSpan.Zero), article.Metadata.PublishedAt);
    }

    [Fact]
    public void FromHtml_AmpPage_KeepsArticleWithoutAmpFurniture()
    {
        var html = "<!doctype html><html ⚡ lang='en'><head><meta charset='utf-8'><title>Bridge repairs to close the river crossing for six weeks</title>" +
                   "<link rel='canonical' href='/news/2025/03/05/bridge-repairs'><script async src='https://cdn.ampproject.org/v0.js'></script>" +
                   "<style amp-boilerplate>body{visibility:hidden}</style></head><body>" +
                   "<amp-sidebar id='menu' layout='nodisplay'><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></amp-sidebar>" +
                   $"<article><h1>Bridge repairs to close the river crossing for six weeks</h1><amp-img src='bridge.jpg' width='600' height='400' layout='responsive'></amp-img>{ArticleParagraphs()}</article>" +
                   "<amp-analytics type='gtag'><script type='application/json'>{\"vars\":{}}</script></amp-analytics></body></html>";

        var article = ArticleImporter.FromHtml(html, new Uri("https://amp.valleycourier.example/amp/bridge"));

        AssertWholeArticle(article);
        Assert.Equal(new Uri("https://amp.valleycourier.example/news/2025/03/05/bridge-repairs"), article.Metadata.CanonicalUrl);
    }

    [Fact]
    public void FromHtml_ArticleOnlyInJsonLd_UsesArticleBody()
    {
        // the page is a shell its script fills in; the structured data holds the story
        var body = string.Join("\\n", Paragraphs.Select(p => p.Replace("\"", "\\\"")));
        var ld = $"<script type='application/ld+json'>{{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"Bridge repairs to close the river crossing for six weeks\",\"articleBody\":\"{body}\",\"author\":[{{\"@type\":\"Person\",\"name\":\"Ines Marlow\"}}],\"datePublished\":\"2025-03-05T07:00:00Z\",\"dateModified\":\"2025-03-05T09:30:00Z\",\"publisher\":{{\"@type\":\"Organization\",\"name\":\"Valley Courier\"}}}}</script>";
        var html = Page(Nav + "<div id='app'><h1>Bridge repairs to close the river crossing for six weeks</h1><p>Loading the story…</p></div>", ld);

        var article = ArticleImporter.FromHtml(html, PageUrl);

        AssertWholeArticle(article);
        var m = article.Metadata;
        Assert.Equal(MetadataSources.JsonLd("articleBody"), m.Sources?.Text);
        Assert.Equal("Ines Marlow", m.Author);
        Assert.Equal(new DateTimeOffset(2025, 3, 5, 9, 30, 0, TimeSpan.Zero), m.ModifiedAt);
        Assert.Equal(MetadataSources.JsonLd("datePublished"), m.Sources?.PublishedAt);
    }

    [Fact]
    public void FromHtml_JsonLdBodyOfAnotherStory_IsNotUsed()
    {
        var ld = "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":\"Harvest festival returns to the square\",\"articleBody\":\"Stalls, music and a parade will fill the square this weekend as the harvest festival returns after a two-year break, organisers said. Tickets for the evening concert are free but must be booked in advance through the town hall.\"}</script>";
        var article = ArticleImporter.FromHtml(Page(Nav + $"<article><h1>Bridge repairs</h1>{ArticleParagraphs()}</article>", ld), PageUrl);

        AssertWholeArticle(article);
        Assert.DoesNotContain("harvest festival", article.ComposeBody());
    }

    [Fact]
    public void FromHtml_ListOfLinks_RefusedSayingWhatWasFound()
    {
        var links = string.Concat(Enumerable.Range(1, 40).Select(i => $"<li><a href='/story/{i}'>Story number {i} of the day</a></li>"));
        var ex = Assert.Throws<ImportException>(() => ArticleImporter.FromHtml(Page($"<ul>{links}</ul>"), PageUrl));
        Assert.Equal(Reason.Counted("Import.LinkList", 40), ex.Reason);
    }

    [Fact]
    public void FromHtml_HundredThousandNestedDivs_RefusedBeforeParsing()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "deep" + string.Concat(Enumerable.Repeat("</div>", 100_000)) + "</body></html>";
        var ex = Assert.Throws<ImportException>(() => ArticleImporter.FromHtml(html, PageUrl));
        Assert.Equal(Reason.Of("Import.TooDeep", 1000), ex.Reason);
    }

    [Fact]
    public void FromHtml_HugeElementCount_RefusedBeforeParsing()
    {
        // flat, so the depth check passes: 300,000 empty inline elements around a real article
        var html = Page(ArticleParagraphs() + string.Concat(Enumerable.Repeat("<i></i>", 300_000)));
        var ex = Assert.Throws<ImportException>(() => ArticleImporter.FromHtml(html, PageUrl));
        Assert.Equal(Reason.Of("Import.TooManyElements", 250_000), ex.Reason);
        // the budget is the limit's own: a lower one refuses a page the default reads
        var small = Page(ArticleParagraphs() + string.Concat(Enumerable.Repeat("<i></i>", 200)));
        AssertWholeArticle(ArticleImporter.FromHtml(small, PageUrl));
        Assert.Throws<ImportException>(() => ArticleImporter.FromHtml(small, PageUrl, limits: ExtractionLimits.Default with { MaxElements = 150 }));
    }

    [Fact]
    public void ThreadCpuTime_WaitingOnTheClock_DoesNotCountAsWork()
    {
        // the parse limit counts work: a thread that waits (as a page does on a busy machine) spends none
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()) Assert.True(ThreadCpuTime.IsAvailable);
        if (!ThreadCpuTime.IsAvailable) return; // elsewhere the wall clock stands in, and waiting counts
        var work = ThreadCpuTime.StartNew();
        Thread.Sleep(400);
        Assert.InRange(work(), TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void FromHtml_DepthLimit_IsConfigurable()
    {
        var html = Page(string.Concat(Enumerable.Repeat("<div>", 40)) + ArticleParagraphs() + string.Concat(Enumerable.Repeat("</div>", 40)));
        Assert.Throws<ImportException>(() => ArticleImporter.FromHtml(html, PageUrl, limits: ExtractionLimits.Default with { MaxDepth = 30 }));
        AssertWholeArticle(ArticleImporter.FromHtml(html, PageUrl, limits: ExtractionLimits.Default with { MaxDepth = 50 }));
    }

    [Fact]
    public void FromHtml_UnclosedTagsOfARealPage_AreNotTakenForDepth()
    {
        // <p>, <li> and table cells close themselves; a stray </span> or an unclosed <b> must not add up
        var sloppy = string.Concat(Enumerable.Range(0, 3000).Select(i => $"<p>Line {i} <b>bold<li>item <td>cell</span>"));
        Assert.True(HtmlDepth.Measure($"<html><body><div>{sloppy}</div></body></html>", 1000) <= 1000);
    }

    [Fact]
    public void FromHtml_ParseTimeLimit_RefusesWithMessage()
    {
        var ex = Assert.Throws<ImportException>(() => ArticleImporter.FromHtml(Page(ArticleParagraphs()), PageUrl, limits: ExtractionLimits.Default with { MaxParseTime = TimeSpan.FromTicks(1) }));
        // at one tick the processor-time check or the wall-clock stop (10 ticks) refuses first; both say so and store nothing
        Assert.Contains(ex.Reason?.Code, new[] { "Import.TooSlow", "Import.Stopped" });
    }

    [Fact]
    public void StageClock_StartedOnThisThread_CountsEveryStageOfAnImport()
    {
        var html = Page(Nav + "<div id='story'><h1>Bridge repairs to close the river crossing for six weeks</h1>" + ArticleParagraphs() + "</div>");
        StageClock.Lap("before any clock"); // no clock: nothing to count into, nothing thrown
        ArticleImporter.FromHtml(html, PageUrl); // the process's first import also reads a warm-up page

        var clock = StageClock.Start();
        try
        {
            ArticleImporter.FromHtml(html, PageUrl);
        }
        finally
        {
            StageClock.Stop();
        }
        StageClock.Lap("after the clock stopped");

        Assert.Equal(["depth scan", "AngleSharp parse", "metadata and JSON-LD", "census", "furniture marking", "SmartReader: readerable check",
            "SmartReader: metadata, scoring, clean-up", "to text", "SmartReader: article object", "checks", "JSON-LD body and fallback", "normalise", "cleaner and language"],
            clock.Laps.Keys);
        Assert.All(clock.Laps.Values, lap => Assert.Equal(1, lap.Count));
        Assert.All(clock.Laps.Values, lap => Assert.True(lap.Ms >= 0 && lap.Bytes >= 0));
        Assert.True(clock.Laps["AngleSharp parse"].Bytes > 0);
    }
}
