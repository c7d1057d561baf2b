using FactDesk.Core.Claims;
using FactDesk.Core.Import;
using FactDesk.Core.Text;

namespace FactDesk.Core.Tests.Import;

/// <summary>Every script imports with its article text, splits into sentences and carries claim spans; metadata a desk can trust.</summary>
public class ScriptsAndMetadataTests
{
    private static string Article(string lang, string title, string[] paragraphs, string dir = "ltr") =>
        $"<!DOCTYPE html><html lang='{lang}' dir='{dir}'><head><meta charset='utf-8'><title>{title}</title></head><body>" +
        "<nav><a href='/'>1</a> <a href='/a'>2</a> <a href='/b'>3</a></nav>" +
        $"<article><h1>{title}</h1>{string.Concat(paragraphs.Select(p => $"<p>{p}</p>"))}</article></body></html>";

    private static void AssertImports(string html, string[] paragraphs, string language, int minSentences)
    {
        var article = ArticleImporter.FromHtml(html, new Uri("https://news.example/story"));
        var kept = article.KeptBlocks.Select(b => b.Text).ToList();
        Assert.Equal(paragraphs, kept);
        Assert.Equal(language, article.Metadata.Language);

        var body = article.ComposeBody();
        var sentences = SentenceSplitter.Split(body);
        Assert.True(sentences.Count >= minSentences, $"{sentences.Count} sentences: {string.Join(" | ", sentences.Select(s => s.Slice(body)))}");
        // a claim span is a sentence of the body, on its characters
        var spotter = new ClaimSpotter();
        foreach (var s in sentences)
        {
            Assert.True(s.End <= body.Length && s.Start < s.End);
            Assert.False(char.IsWhiteSpace(body[s.Start]) || char.IsWhiteSpace(body[s.End - 1]));
        }
        foreach (var claim in spotter.Suggest(body))
            Assert.Contains(sentences, s => s.Start <= claim.Span.Start && claim.Span.End <= s.End);
    }

    [Fact]
    public void FromHtml_JapanesePage_ImportsAndSplitsOnFullWidthStops()
    {
        var article = ArticleImporter.FromHtml(Fixture.Read("pages/ja-news.html"), new Uri("https://kohan.example/local/library"));

        var body = article.ComposeBody();
        Assert.StartsWith("市議会は十二日、駅前に新しい図書館を建設する計画を賛成多数で可決した。", body);
        Assert.EndsWith("住民説明会は来月から市内五か所で開かれる。", body);
        Assert.DoesNotContain("駅前再開発", body);
        Assert.Equal("ja", article.Metadata.Language);
        Assert.Equal("市、新しい図書館の建設を決定", article.Metadata.Title);
        Assert.Equal("湖畔新聞", article.Metadata.Outlet);

        var sentences = SentenceSplitter.Split(body).Select(s => s.Slice(body)).ToList();
        Assert.Contains("総事業費は約四十億円で、二〇二八年の開館を目指す。", sentences);
        Assert.Contains("市長は「子どもから高齢者まで誰もが集まれる場所にしたい」と述べた。", sentences);
        Assert.Contains("反対した議員は、既存の分館の改修を優先すべきだと主張した！", sentences);
        Assert.Equal(8, sentences.Count);
    }

    [Fact]
    public void FromHtml_ChinesePage_Imports()
    {
        string[] p =
        [
            "市政府周三宣布，将在明年投资三十亿元改造城市供水管网。官员表示，工程将在三年内完成。",
            "据统计，全市约有百分之十五的自来水在输送过程中流失。专家认为，这一比例远高于全国平均水平！",
            "部分居民担心施工会影响交通？市政府称将尽量在夜间施工，并提前公布停水时间。",
        ];
        AssertImports(Article("zh", "城市供水管网改造计划公布", p), p, "zh", 6);
    }

    [Fact]
    public void FromHtml_RussianPage_Imports()
    {
        string[] p =
        [
            "Городской совет в среду утвердил бюджет на следующий год. Расходы на транспорт вырастут на 12 процентов.",
            "По словам мэра, основная часть денег пойдёт на ремонт трамвайных путей. Работы начнутся в апреле.",
            "Депутаты от оппозиции голосовали против. Они считают, что бюджет не учитывает рост цен на энергию.",
        ];
        AssertImports(Article("ru", "Совет утвердил городской бюджет", p), p, "ru", 6);
    }

    [Fact]
    public void FromHtml_ArabicPage_ImportsRightToLeft()
    {
        var article = ArticleImporter.FromHtml(Fixture.Read("pages/ar-news.html"), new Uri("https://sahil.example/local/desalination"));

        var body = article.ComposeBody();
        Assert.StartsWith("افتتحت البلدية يوم الثلاثاء محطة جديدة لتحلية المياه", body);
        Assert.Equal(4, article.KeptBlocks.Count());
        Assert.Equal("ar", article.Metadata.Language);
        Assert.Equal("افتتاح محطة جديدة لتحلية المياه في المدينة", article.Metadata.Title);
        Assert.Equal("سارة منصور", article.Metadata.Author);
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 7, 0, 0, TimeSpan.Zero), article.Metadata.PublishedAt);

        var sentences = SentenceSplitter.Split(body).Select(s => s.Slice(body)).ToList();
        Assert.Contains("هل ستنخفض الأسعار؟", sentences);
        Assert.Contains("لم يعلن عن ذلك بعد.", sentences);
        Assert.Equal(6, sentences.Count);
    }

    [Fact]
    public void FromHtml_HebrewPage_Imports()
    {
        string[] p =
        [
            "העירייה הודיעה ביום שני כי תפתח שלושה גנים ציבוריים חדשים עד סוף השנה. העלות הכוללת מוערכת בעשרים מיליון שקלים.",
            "ראש העיר אמר כי הגנים ייבנו בשכונות שבהן אין כיום שטחים ירוקים. האם התושבים יהיו מרוצים? ימים יגידו.",
            "חברי האופוזיציה טענו כי התוכנית הוצגה מאוחר מדי. לדבריהם, התושבים לא שותפו בתכנון.",
        ];
        AssertImports(Article("he", "שלושה גנים ציבוריים חדשים בעיר", p, "rtl"), p, "he", 7);
    }

    [Fact]
    public void FromHtml_HindiPage_ImportsAndSplitsOnDanda()
    {
        string[] p =
        [
            "नगर निगम ने बुधवार को शहर में दो नए अस्पताल बनाने की घोषणा की। इस परियोजना पर लगभग पाँच सौ करोड़ रुपये खर्च होंगे।",
            "महापौर ने कहा कि अस्पतालों का निर्माण अगले वर्ष शुरू होगा। क्या यह समय पर पूरा होगा? अधिकारियों ने इसका भरोसा दिलाया॥",
            "विपक्ष के पार्षदों ने योजना का स्वागत किया, लेकिन पारदर्शिता की माँग की। उन्होंने कहा कि ठेके सार्वजनिक होने चाहिए।",
        ];
        AssertImports(Article("hi", "शहर में दो नए अस्पताल बनेंगे", p), p, "hi", 7);
    }

    [Fact]
    public void FromHtml_BodyInGermanTaggedEnglish_LanguageComesFromBody()
    {
        string[] p =
        [
            "Der Stadtrat hat am Dienstag beschlossen, die Buslinie 12 bis zum neuen Bahnhof zu verlängern, und die Kosten sind mit vier Millionen Euro veranschlagt.",
            "Die Opposition kritisierte, dass die Anwohner nicht gefragt wurden und das Projekt nicht ausreichend geprüft ist.",
        ];
        var article = ArticleImporter.FromHtml(Article("en", "Buslinie 12 wird verlängert", p), new Uri("https://zeitung.example/a"));
        Assert.Equal("de", article.Metadata.Language);
        Assert.Equal(Reason.Of("From.BodyNotDeclared", "en"), article.Metadata.Sources?.Language);
    }

    [Fact]
    public void FromHtml_Metadata_ComesWithWhereItCameFrom()
    {
        var html = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
            <title>The charity's numbers, rechecked – The Fieldnotes Blog</title>
            <meta property="og:site_name" content="The Fieldnotes Blog">
            <meta property="article:published_time" content="2025-02-11T08:00:00Z">
            <meta property="article:modified_time" content="2025-02-12T16:45:00Z">
            <link rel="canonical" href="/2025/02/charity-numbers">
            </head><body>
            <article>
            <p class="byline">Analysis by Mara Ellison and Tom Reyes, Fieldnotes senior editor</p>
            <p>The charity said last year that every donated pound produced four pounds of benefit, a figure repeated in several newspapers since then.</p>
            <p>We asked for the underlying spreadsheet and found that the estimate counts the same volunteers twice, once as cost and once as benefit.</p>
            <p>Corrected, the ratio falls to about 2.6, which is still high for the sector but well below the number in the charity's annual report.</p>
            </article></body></html>
            """;
        var article = ArticleImporter.FromHtml(html, new Uri("https://fieldnotes.example/2025/02/charity-numbers?ref=home"));
        var m = article.Metadata;

        Assert.Equal("The charity's numbers, rechecked", m.Title);
        Assert.Equal("From.WithoutSuffix", m.Sources!.Title?.Code);
        Assert.Equal(["Mara Ellison", "Tom Reyes"], m.Authors);
        Assert.Equal("Mara Ellison, Tom Reyes", m.Author);
        Assert.Equal("Analysis by Mara Ellison and Tom Reyes, Fieldnotes senior editor", m.Byline);
        Assert.Equal(MetadataSources.Named("Byline"), m.Sources.Author);
        Assert.Equal("The Fieldnotes Blog", m.Outlet);
        Assert.Equal(MetadataSources.Markup("<meta og:site_name>"), m.Sources.Outlet);
        Assert.Equal(new DateTimeOffset(2025, 2, 11, 8, 0, 0, TimeSpan.Zero), m.PublishedAt);
        Assert.Equal(new DateTimeOffset(2025, 2, 12, 16, 45, 0, TimeSpan.Zero), m.ModifiedAt);
        Assert.Equal(MetadataSources.Markup("<meta article:published_time>"), m.Sources.PublishedAt);
        Assert.Equal(new Uri("https://fieldnotes.example/2025/02/charity-numbers"), m.CanonicalUrl);
        Assert.Equal(MetadataSources.Markup("<link rel=canonical>"), m.Sources.CanonicalUrl);
        Assert.Equal("en", m.Language);
        Assert.Equal(MetadataSources.Named("SmartReader"), m.Sources.Text);
    }

    [Fact]
    public void FromHtml_SavedPageWithoutAddress_DatedByItsCanonicalAddress()
    {
        const string body = "<p>Flood defences along the river will be raised by half a metre over the next two years, the environment agency said on Thursday.</p>" +
                            "<p>The work is expected to protect about 3,000 homes that were flooded in the storms of the last two winters, officials said.</p>";
        var saved = ArticleImporter.FromHtml($"<html><head><link rel='canonical' href='https://x.example/news/2023/07/19/flood-defences'></head><body><article>{body}</article></body></html>").Metadata;
        Assert.Equal(new DateTimeOffset(2023, 7, 19, 0, 0, 0, TimeSpan.Zero), saved.PublishedAt);
        Assert.Equal(MetadataSources.Named("DateInCanonical"), saved.Sources?.PublishedAt);
        // the page's own address, when known, is the one that dates it; a canonical address without a date dates nothing
        var fetched = ArticleImporter.FromHtml($"<html><head><link rel='canonical' href='https://x.example/news/flood-defences'></head><body><article>{body}</article></body></html>", new Uri("https://x.example/story")).Metadata;
        Assert.Null(fetched.PublishedAt);
    }

    [Theory]
    [InlineData("<time datetime='2024-11-02T14:00:00Z'>2 November</time>", "https://x.example/story", "2024-11-02T14:00:00Z", "Markup:<time datetime>")]
    [InlineData("", "https://x.example/news/2023/07/19/flood-defences", "2023-07-19T00:00:00Z", "DateInAddress")]
    [InlineData("<meta name='date' content='0001-01-01T00:00:00'>", "https://x.example/story", null, null)]
    [InlineData("", "https://x.example/story", null, null)]
    public void FromHtml_Dates_FromTimeOrAddressAndNeverADefault(string extra, string url, string? expected, string? source)
    {
        var html = $"<html><head>{(extra.StartsWith("<meta", StringComparison.Ordinal) ? extra : "")}</head><body><article>{(extra.StartsWith("<time", StringComparison.Ordinal) ? extra : "")}" +
                   "<p>Flood defences along the river will be raised by half a metre over the next two years, the environment agency said on Thursday.</p>" +
                   "<p>The work is expected to protect about 3,000 homes that were flooded in the storms of the last two winters, officials said.</p></article></body></html>";
        var m = ArticleImporter.FromHtml(html, new Uri(url)).Metadata;
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), m.PublishedAt);
        Assert.Equal(source is null ? null : source.StartsWith("Markup:", StringComparison.Ordinal) ? MetadataSources.Markup(source[7..]) : MetadataSources.Named(source), m.Sources?.PublishedAt);
    }

    [Fact]
    public void FromHtml_TitleSuffixNamingAnotherOutlet_OutletComesFromTheSite()
    {
        var html = "<html><head><title>Ceasefire talks resume in Doha – Reuters</title></head><body><article><h1>Ceasefire talks resume in Doha – Reuters</h1>" +
                   "<p>Negotiators returned to Doha on Sunday for a new round of ceasefire talks, Reuters reported, citing two officials familiar with the matter.</p>" +
                   "<p>The agency said the talks were expected to last several days and that mediators had proposed a six-week pause in the fighting.</p></article></body></html>";
        var m = ArticleImporter.FromHtml(html, new Uri("https://www.dailydigest.example/world/doha-talks")).Metadata;
        Assert.Equal("dailydigest.example", m.Outlet);
        Assert.Equal(MetadataSources.Named("Host"), m.Sources?.Outlet);
    }

    [Theory]
    [InlineData("Analysis by Chris Jordan, Standard Editor-at-large", "Chris Jordan")]
    [InlineData("By JANE DOE and John Smith", "JANE DOE|John Smith")]
    [InlineData("Von Anna Müller", "Anna Müller")]
    [InlineData("By Ana Ruiz, Staff Writer", "Ana Ruiz")]
    public void Bylines_Names_AreNamesWithoutRoles(string byline, string expected) =>
        Assert.Equal(expected.Split('|'), Bylines.Names(byline));

    [Theory]
    [InlineData("東京都は十日、新たな計画を発表した。予算は五億円だ！本当か？", "東京都は十日、新たな計画を発表した。|予算は五億円だ！|本当か？")]
    [InlineData("「来年も続ける」と市長は述べた。次の議会は五月だ。", "「来年も続ける」と市長は述べた。|次の議会は五月だ。")]
    [InlineData("सरकार ने योजना की घोषणा की। यह अगले साल लागू होगी॥ क्या यह सफल होगी?", "सरकार ने योजना की घोषणा की।|यह अगले साल लागू होगी॥|क्या यह सफल होगी?")]
    [InlineData("قال الوزير إن الخطة جاهزة. متى تبدأ؟ في الربيع.", "قال الوزير إن الخطة جاهزة.|متى تبدأ؟|في الربيع.")]
    [InlineData("הממשלה אישרה את התוכנית. היא תיכנס לתוקף בינואר.", "הממשלה אישרה את התוכנית.|היא תיכנס לתוקף בינואר.")]
    [InlineData("Уряд схвалив план. Він діятиме з січня.", "Уряд схвалив план.|Він діятиме з січня.")]
    public void SentenceSplitter_EveryScript_SplitsAtItsStops(string text, string expected) =>
        Assert.Equal(expected.Split('|'), SentenceSplitter.Split(text).Select(s => s.Slice(text)));

    [Fact]
    public void MetaTags_KeyTwiceAndBlank_FirstNonBlankInPageOrderWins()
    {
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("""
            <html><head>
            <meta property="og:title" content="  ">
            <meta name="OG:TITLE" content="Second, named in capitals">
            <meta property="og:title" content="Third">
            <meta itemprop="datePublished" content="2025-03-05">
            <meta name="datepublished" content="2024-01-01">
            <meta itemprop="DatePublished" content="not the same itemprop">
            </head><body><meta name="twitter:title" content="From the body"></body></html>
            """);

        var tags = MetaTags.Of(doc);

        Assert.Equal("Second, named in capitals", tags.Find(out var key, "og:title"));
        Assert.Equal("og:title", key);
        // itemprop as written, property and name in any case; between them, the first in the page
        Assert.Equal("2025-03-05", tags.Find(out _, "datePublished"));
        Assert.Equal("2024-01-01", tags.Find(out _, "DATEPUBLISHED"));
        Assert.Equal("From the body", tags.Find(out key, "dc.title", "twitter:title", "og:title"));
        Assert.Equal("twitter:title", key);
        Assert.Null(tags.Find(out key, "author"));
        Assert.Null(key);
    }
}
