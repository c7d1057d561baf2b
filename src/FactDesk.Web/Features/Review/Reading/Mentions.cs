using System.Text.RegularExpressions;

namespace FactDesk.Web.Features.Review.Reading;

public readonly record struct NotePart(string Text, bool IsMention);

/// <summary>@mentions in notes: "@Anna" or "@anna.k" (letters, digits, dot, dash, underscore).</summary>
public static partial class Mentions
{
    [GeneratedRegex(@"(?<![\w@])@[\p{L}\p{N}][\p{L}\p{N}._-]*")]
    private static partial Regex MentionPattern();

    public static IEnumerable<NotePart> Split(string text)
    {
        var last = 0;
        foreach (Match m in MentionPattern().Matches(text))
        {
            if (m.Index > last) yield return new NotePart(text[last..m.Index], false);
            yield return new NotePart(m.Value, true);
            last = m.Index + m.Length;
        }
        if (last < text.Length) yield return new NotePart(text[last..], false);
    }

    public static IReadOnlyList<string> Names(string text) => MentionPattern().Matches(text).Select(m => m.Value[1..]).Distinct().ToList();
}
