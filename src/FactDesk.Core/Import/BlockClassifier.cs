using System.Text.RegularExpressions;

namespace FactDesk.Core.Import;

/// <summary>Verdict on one block seen on its own, before the article-level tail logic.</summary>
internal readonly record struct BlockVerdict(RemovalReason Reason, string? Explanation)
{
    public static readonly BlockVerdict Keep = new(RemovalReason.None, null);
    public bool IsJunk => Reason != RemovalReason.None;
}

/// <summary>Recognises page furniture one block at a time: read-more links, lone dates, cookie banners, sidebar headings.</summary>
internal static partial class BlockClassifier
{
    private const string ReadMorePhrases =
        @"read\s+more|read\s+the\s+full\s+(?:story|article)|read\s+full\s+(?:story|article)|continue\s+reading|keep\s+reading|read\s+on|more\s*»|" +
        @"читати\s+(?:більше|далі|повністю)|детальніше|докладніше|читать\s+(?:далее|больше|полностью)|подробнее";

    [GeneratedRegex(@"^[\s\p{P}]*(?:" + ReadMorePhrases + @")[\s\p{P}→»>›]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReadMoreOnly();

    [GeneratedRegex(@"(?:…|\.\.\.)\s*\[?(?:" + ReadMorePhrases + @")\]?[\s\p{P}→»>›]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TeaserWithReadMore();

    [GeneratedRegex(@"^(?:read\s+more|read\s+also|see\s+also|related|also\s+read|more\s+on\s+this|читайте\s+(?:також|также)|дивіться\s+також|смотрите\s+также|по\s+теме|на\s+тему)\s*[:：]",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InlineRelatedLink();

    private const string Month =
        @"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?|" +
        @"січ\w*|лют\w*|берез\w*|квіт\w*|трав\w*|черв\w*|лип\w*|серп\w*|верес\w*|жовт\w*|листопад\w*|груд\w*|" +
        @"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*";

    private const string Weekday =
        @"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?|понеділ\w*|вівтор\w*|серед\w*|четвер\w*|п['’]?ятниц\w*|субот\w*|неділ\w*|" +
        @"понедельник\w*|вторник\w*|сред\w*|четверг\w*|пятниц\w*|суббот\w*|воскресень\w*";

    private const string Time = @"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?(?:\s*(?:utc|gmt|cet|eet|est|edt|pst|bst|msk|kyiv\s+time))?";

    [GeneratedRegex(
        @"^(?:(?:published|updated|posted|опубліковано|оновлено|опубликовано|обновлено)\s*(?:on|:)?\s*)?(?:" + Time + @"[,\s|–-]+)?(?:(?:" + Weekday + @")[,\s]+)?(?:" +
        @"(?:" + Month + @")\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}" +
        @"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + Month + @"),?\s+\d{4}(?:\s*(?:р\.|року|г\.|года|рік))?" +
        @"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + Month + @")" +
        @"|(?:" + Month + @")\s+\d{1,2}(?:st|nd|rd|th)?" +
        @"|\d{4}-\d{2}-\d{2}(?:[t\s]\d{2}:\d{2}(?::\d{2})?(?:z|[+-]\d{2}:?\d{2})?)?" +
        @"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}" +
        @"|\d+\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?|хвилин\w*|годин\w*|дн\w*|тижн\w*|минут\w*|час\w*)\s+(?:ago|тому|назад)" +
        @"|today|yesterday|сьогодні|вчора|сегодня|вчера" +
        @")(?:[,\s|–-]+(?:at\s+|о\s+|в\s+)?" + Time + @")?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LoneDate();

    [GeneratedRegex(
        @"^(?:latest\s+(?:posts|news|stories|articles)|recent\s+(?:posts|news|stories)|related(?:\s+(?:stories|articles|posts|news|content|coverage|topics))?|" +
        @"more\s+(?:stories|news|from\s+.{1,40}|on\s+this\s+(?:story|topic))|most\s+(?:read|popular|viewed)|trending(?:\s+now)?|top\s+stories|editor'?s\s+picks|" +
        @"you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)|recommended(?:\s+for\s+you)?|popular(?:\s+now)?|" +
        @"share(?:\s+this(?:\s+(?:article|story|post))?)?(?:\s+on\s+\w+)?|tags?|topics?|comments?|leave\s+a\s+(?:comment|reply)|" +
        @"свіжі\s+дописи|останні\s+(?:новини|дописи|публікації)|читайте\s+також|популярне|популярні\s+новини|схожі\s+(?:новини|статті|матеріали)|" +
        @"інші\s+новини|теги|поділитися|коментарі|новини\s+партнерів|" +
        @"свежие\s+записи|последние\s+(?:новости|записи)|читайте\s+также|популярное|похожие\s+(?:новости|статьи)|поделиться|комментарии)\s*[:.]?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SidebarHeading();

    [GeneratedRegex(@"^(?:(?:facebook|twitter|x|whatsapp|telegram|linkedin|email|e-mail|reddit|pinterest|viber|copy\s+link|print)[\s,|·•/]*){2,}$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShareButtons();

    [GeneratedRegex(@"\b(?:subscribe|newsletter|sign\s+up\s+(?:for|to)|inbox|підпис\w+|розсилк\w+|подпис\w+|рассылк\w+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Newsletter();

    [GeneratedRegex(@"^(?:follow\s+us|join\s+us\s+on|стежте\s+за\s+нами|слідкуйте\s+за\s+нами|приєднуйтесь|подписывайтесь|следите\s+за\s+нами)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FollowUs();

    [GeneratedRegex(@"^(?:advertisement|advertising|sponsored(?:\s+content)?|реклама|партнерський\s+матеріал|скрыть\s+рекламу)\s*$|©|\ball\s+rights\s+reserved\b|\bcopyright\b|усі\s+права\s+захищені|всі\s+права\s+захищені|все\s+права\s+защищены",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AdOrCopyright();

    [GeneratedRegex(@"cookie|кукі|куки|файли\s+cookie", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Cookie();

    // What makes a line about cookies a notice: the site speaks of itself or asks the reader to agree. Prose about how
    // browsers send cookies (a web developer's article, a privacy story) says none of it.
    [GeneratedRegex(@"\b(?:we|this\s+(?:site|website|page)|our\s+(?:site|website|partners))\s+(?:use|uses|are\s+using|is\s+using|may\s+use)\b|\bby\s+(?:continuing|using|browsing|clicking|staying)\b|" +
        @"\b(?:accept|agree|consent)\w*|cookie\s+(?:policy|policies|settings|preferences|notice|statement)|privacy\s+(?:policy|settings)|\bmanage\s+(?:cookies|preferences)|" +
        @"використову\w*|використання|погоджу\w*|приймаю|прийняти|использу\w*|соглаша\w*|принять|политик\w*|політик\w*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CookieNoticeWording();

    /// <summary>Lines that must stand alone even inside a paragraph: dates, read-more links, cookie banners.</summary>
    public static bool IsStandaloneLine(string line) =>
        line.Length <= 80 && (LoneDate().IsMatch(line) || ReadMoreOnly().IsMatch(line) || SidebarHeading().IsMatch(line));

    public static BlockVerdict Classify(string text, bool isBullet)
    {
        var body = isBullet ? text.AsSpan(1).TrimStart().ToString() : text;
        int words = CountWords(body);

        if (words <= 80 && Cookie().IsMatch(body) && CookieNoticeWording().IsMatch(body))
            return new(RemovalReason.CookieNotice, "Cookie notice");
        if (body.Length <= 80 && ReadMoreOnly().IsMatch(body))
            return new(RemovalReason.ReadMore, $"‘{Shorten(body)}’ link");
        if (words <= 60 && TeaserWithReadMore().IsMatch(body))
            return new(RemovalReason.ReadMore, "Teaser ending in a ‘read more’ link");
        if (words <= 40 && InlineRelatedLink().IsMatch(body))
            return new(RemovalReason.ReadMore, "Link to another story");
        if (words <= 12 && LoneDate().IsMatch(body))
            return new(RemovalReason.LoneDate, "Date on its own line");
        if (words <= 8 && SidebarHeading().IsMatch(body))
            return new(RemovalReason.Navigation, $"Sidebar heading ‘{Shorten(body)}’");
        if (words <= 24 && IsMenuLine(body))
            return new(RemovalReason.Navigation, $"Site menu ‘{Shorten(body)}’");
        if (words <= 12 && ShareButtons().IsMatch(body))
            return new(RemovalReason.Navigation, "Share buttons");
        if (words <= 30 && Newsletter().IsMatch(body))
            return new(RemovalReason.Boilerplate, "Newsletter sign-up");
        if (words <= 20 && FollowUs().IsMatch(body))
            return new(RemovalReason.Boilerplate, "‘Follow us’ prompt");
        if (words <= 25 && AdOrCopyright().IsMatch(body))
            return new(RemovalReason.Boilerplate, "Advertisement or copyright line");
        if (isBullet && words <= 3)
            return new(RemovalReason.HeadlineList, "Section label in a list of headlines");
        return BlockVerdict.Keep;
    }

    /// <summary>
    /// A site menu or breadcrumb pasted with the page: three or more short items between separators ("Home | News | Sport",
    /// "Home › World › Europe"), none of them a sentence. A headline with an outlet has one separator, not two.
    /// </summary>
    public static bool IsMenuLine(string text)
    {
        if (text.AsSpan().IndexOfAny("|·•›»>/") < 0) return false;
        var items = MenuSeparator().Split(text);
        if (items.Length < 3) return false;
        foreach (var item in items)
        {
            var t = item.Trim();
            if (t.Length == 0 || CountWords(t) > 3 || IsSentenceEnd(t[^1])) return false;
        }
        return true;
    }

    [GeneratedRegex(@"\s+[|·•›»>/]\s+|\s*[|·•›»]\s*", RegexOptions.CultureInvariant)]
    private static partial Regex MenuSeparator();

    /// <summary>Short line without a full stop: a headline, a teaser title or a subheading.</summary>
    public static bool LooksLikeHeadline(string text)
    {
        if (text.Length == 0 || text.Length > 160) return false;
        var trimmed = text.AsSpan().TrimEnd("\"”’»)」』）");
        if (trimmed.Length > 0 && IsSentenceEnd(trimmed[^1])) return false;
        if (text[^1] is ':' or ';' or ',' or '：' or '，' or '、' or '؛' or '،') return false;
        return CountWords(text) <= 20;
    }

    /// <summary>Reads like running text: several words and a sentence ending, in any script.</summary>
    public static bool LooksLikeProse(string text)
    {
        var trimmed = text.AsSpan().TrimEnd("\"”’»)」』）");
        return trimmed.Length > 0 && IsSentenceEnd(trimmed[^1]) && CountWords(text) >= 8;
    }

    /// <summary>Full stops of the scripts FactDesk reads: Latin, CJK (。！？), Devanagari (। ॥), Arabic (؟ ۔), Greek (;), Armenian (։).</summary>
    public static bool IsSentenceEnd(char c) =>
        c is '.' or '!' or '?' or '…' or '。' or '！' or '？' or '．' or '।' or '॥' or '؟' or '۔' or '։' or '፧' or '።';

    /// <summary>Words, counting each CJK character as one (those scripts do not space their words).</summary>
    public static int CountWords(ReadOnlySpan<char> text)
    {
        int words = 0;
        bool inWord = false;
        foreach (var c in text)
        {
            if (IsCjk(c))
            {
                words++;
                inWord = false;
                continue;
            }
            bool letter = char.IsLetterOrDigit(c) || (inWord && char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark);
            if (letter && !inWord) words++;
            inWord = letter || (inWord && c is '\'' or '’' or '-');
        }
        return words;
    }

    /// <summary>Han, kana and hangul: scripts written without spaces between words.</summary>
    public static bool IsCjk(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\u3040' and <= '\u30FF' or >= '\uAC00' and <= '\uD7AF'
            or >= '\uF900' and <= '\uFAFF' or >= '\uFF66' and <= '\uFF9D';

    private static string Shorten(string s) => s.Length <= 40 ? s.Trim() : string.Concat(s.AsSpan(0, 39).Trim(), "…");

}
