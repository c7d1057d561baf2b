using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace FactDesk.Core.Matching;

/// <summary>
/// Cleans a claim or a social-media post before it is matched: links, picture links, @handles, the
/// "— Name (@handle) January 6, 2020" tail that an embedded tweet carries, HTML entities and hashtag marks go,
/// so that both halves of the ranker see only what the post says.
/// </summary>
public static partial class PostCleaner
{
    /// <summary>The text with links, handles, embedded-tweet tails and markup noise removed, whitespace collapsed.</summary>
    public static string Clean(string text) => Clean(text, PostCleaning.All);

    /// <summary>The text with only the chosen cleaning steps applied (for measuring each step), whitespace collapsed.</summary>
    public static string Clean(string text, PostCleaning steps)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = steps.HasFlag(PostCleaning.Entities) ? WebUtility.HtmlDecode(text) : text;
        // the tail first: it holds a handle and a date that would otherwise leave a stray name behind
        if (steps.HasFlag(PostCleaning.TweetTail)) s = TweetTailParts().Replace(s, " ");
        if (steps.HasFlag(PostCleaning.Links))
        {
            s = PicLink().Replace(s, " ");
            s = Link().Replace(s, " ");
        }
        if (steps.HasFlag(PostCleaning.Handles))
        {
            s = Retweet().Replace(s, " ");
            s = Handle().Replace(s, m => steps.HasFlag(PostCleaning.HandleWords) ? " " + SplitCamel(m.Value[1..].Replace('_', ' ')) + " " : " ");
        }
        if (steps.HasFlag(PostCleaning.Hashtags)) s = Hashtag().Replace(s, m => " " + SplitCamel(m.Groups[1].Value) + " ");
        s = Space().Replace(s, " ").Trim();
        return s.Length == 0 ? text.Trim() : s;
    }

    /// <summary>
    /// Who posted and when, from the "— Name (@handle) January 6, 2020" tail of an embedded post: verified claims are often
    /// about what a named person posted ("Rep. X tweeted …", "in October 2019"), which the cleaned text no longer says.
    /// </summary>
    /// <returns>The tail's name, its name and handle as words ("Donald J. Trump real Donald Trump"), and its year; or nulls without a tail.</returns>
    public static (string? Name, string? Author, int? Year) Tail(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = TweetTailParts().Match(WebUtility.HtmlDecode(text));
        if (!m.Success) return (null, null, null);
        var name = m.Groups["name"].Value.Trim();
        var handle = SplitCamel(m.Groups["handle"].Value.Replace('_', ' '));
        int? year = int.TryParse(m.Groups["year"].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y) ? y : null;
        var author = Space().Replace($"{name} {handle}", " ").Trim();
        return (name.Length == 0 ? null : name, author.Length == 0 ? null : author, year);
    }

    // "#CoronaVirusUpdate" reads as "Corona Virus Update" to both the tokenizer and the model
    private static string SplitCamel(string tag)
    {
        var b = new StringBuilder(tag.Length + 8);
        for (int i = 0; i < tag.Length; i++)
        {
            if (i > 0 && char.IsUpper(tag[i]) && char.IsLower(tag[i - 1])) b.Append(' ');
            b.Append(tag[i]);
        }
        return b.ToString();
    }

    // a closing quote or bracket may follow the date when the post was quoted whole
    [GeneratedRegex(@"[\u2014\u2013-]{1,2}\s*(?<name>[^\u2014\u2013\n]{0,80}?)\(@(?<handle>\w{1,30})\)\s*(January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+(?<year>\d{4})[\s""'\u201D\u2019)\]]*$", RegexOptions.IgnoreCase)]
    private static partial Regex TweetTailParts();

    [GeneratedRegex(@"(https?://)?pic\.twitter\.com/\w+", RegexOptions.IgnoreCase)]
    private static partial Regex PicLink();

    [GeneratedRegex(@"(https?://|www\.)\S+|\b[a-z0-9-]+\.(com|org|net|ly|co|gov|io)/\S*", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"^\s*RT\s+(?=@)")]
    private static partial Regex Retweet();

    [GeneratedRegex(@"(?<![\w@])@\w{1,30}")]
    private static partial Regex Handle();

    [GeneratedRegex(@"#(\w+)")]
    private static partial Regex Hashtag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}

/// <summary>The steps of <see cref="PostCleaner"/>.</summary>
[Flags]
public enum PostCleaning
{
    /// <summary>No cleaning but white space.</summary>
    None = 0,
    /// <summary>HTML entities decoded.</summary>
    Entities = 1,
    /// <summary>The "— Name (@handle) date" tail of an embedded post.</summary>
    TweetTail = 2,
    /// <summary>Links and picture links.</summary>
    Links = 4,
    /// <summary>@handles and a leading "RT".</summary>
    Handles = 8,
    /// <summary>Hashtag marks, with camel case split.</summary>
    Hashtags = 16,
    /// <summary>With <see cref="Handles"/>: a handle becomes its words ("@realDonaldTrump": "real Donald Trump") instead of going.</summary>
    HandleWords = 32,
    /// <summary>Every step.</summary>
    All = Entities | TweetTail | Links | Handles | Hashtags,
}
