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
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = WebUtility.HtmlDecode(text);
        // the tail first: it holds a handle and a date that would otherwise leave a stray name behind
        s = TweetTail().Replace(s, " ");
        s = PicLink().Replace(s, " ");
        s = Link().Replace(s, " ");
        s = Retweet().Replace(s, " ");
        s = Handle().Replace(s, " ");
        s = Hashtag().Replace(s, m => " " + SplitCamel(m.Groups[1].Value) + " ");
        s = Space().Replace(s, " ").Trim();
        return s.Length == 0 ? text.Trim() : s;
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

    [GeneratedRegex(@"[\u2014\u2013-]{1,2}\s*[^\u2014\u2013\n]{0,80}?\(@\w{1,30}\)\s*(January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TweetTail();

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
