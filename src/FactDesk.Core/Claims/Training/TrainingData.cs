using System.Text;
using System.Text.Json;

namespace FactDesk.Core.Claims.Training;

/// <summary>The columns of a desk's label export (CSV), which <c>train-claims --labels</c> reads beside the shipped data.</summary>
public static class DeskLabelsFormat
{
    /// <summary>label (1 check-worthy, 0 not), source (what the label came from), article id, the claim's text, the sentences before and after it.</summary>
    public static readonly IReadOnlyList<string> Header = ["label", "source", "article", "text", "previous", "next"];
}

/// <summary>Reads the training sets: ClaimBuster's two-class JSON and a desk's exported labels (CSV).</summary>
internal static class TrainingData
{
    private static readonly IReadOnlyList<string> DeskHeader = DeskLabelsFormat.Header;

    // sentence ids run through the debates in order; a block of 1,000 ids keeps one debate's sentences in one fold
    private const int IdsPerGroup = 1000;

    /// <summary>
    /// ClaimBuster sentences (<c>[{ "sentence_id", "label", "text" }]</c>); a sentence's neighbours are those whose id
    /// is one less or one more, when the set holds them.
    /// </summary>
    public static List<LabelledSentence> ReadClaimBuster(Stream json)
    {
        using var doc = JsonDocument.Parse(json);
        var rows = new List<(int Id, bool Label, string Text)>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            var text = e.GetProperty("text").GetString();
            if (string.IsNullOrWhiteSpace(text)) continue;
            rows.Add((e.GetProperty("sentence_id").GetInt32(), e.GetProperty("label").GetInt32() == 1, text));
        }
        var byId = new Dictionary<int, string>(rows.Count);
        foreach (var r in rows) byId.TryAdd(r.Id, r.Text);
        rows.Sort((a, b) => a.Id.CompareTo(b.Id));
        return rows.Select(r => new LabelledSentence(r.Text, r.Label, byId.GetValueOrDefault(r.Id - 1), byId.GetValueOrDefault(r.Id + 1), r.Id / IdsPerGroup)).ToList();
    }

    /// <summary>A desk's labels (<see cref="DeskHeader"/> columns, RFC 4180); each article is one group, weighted by <paramref name="weight"/>.</summary>
    /// <exception cref="InvalidDataException">The header or a row is not what the export writes; the message names the line.</exception>
    public static List<LabelledSentence> ReadDeskLabels(TextReader csv, double weight = 1)
    {
        var result = new List<LabelledSentence>();
        var header = ReadRecord(csv, out _);
        if (header is null || !header.Take(DeskHeader.Count).SequenceEqual(DeskHeader, StringComparer.OrdinalIgnoreCase))
            throw new InvalidDataException($"The labels file must start with the header {string.Join(',', DeskHeader)}.");
        int line = 1;
        while (ReadRecord(csv, out int lines) is { } row)
        {
            line += lines;
            if (row.Count == 1 && row[0].Length == 0) continue;
            if (row.Count < DeskHeader.Count || row[0] is not ("0" or "1") || !int.TryParse(row[2], out int article) || string.IsNullOrWhiteSpace(row[3]))
                throw new InvalidDataException($"Line {line} of the labels file is not a label row (label 0 or 1, source, article id, text, previous, next).");
            result.Add(new LabelledSentence(Unguard(row[3]), row[0] == "1", NullIfEmpty(Unguard(row[4])), NullIfEmpty(Unguard(row[5])), 1_000_000 + article, weight));
        }
        return result;
    }

    // the export guards cells against formula injection with a leading apostrophe; the text itself did not have it
    private static string Unguard(string s) => s.Length > 1 && s[0] == '\'' && s[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? s[1..] : s;

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    // one RFC 4180 record; quoted fields may hold commas, quotes ("") and line breaks
    private static List<string>? ReadRecord(TextReader r, out int lines)
    {
        lines = 1;
        int c = r.Peek();
        if (c < 0) return null;
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        while (true)
        {
            c = r.Read();
            if (c < 0) break;
            char ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (r.Peek() == '"') { r.Read(); sb.Append('"'); }
                    else quoted = false;
                }
                else
                {
                    if (ch == '\n') lines++;
                    sb.Append(ch);
                }
                continue;
            }
            if (ch == '"' && sb.Length == 0 && !wasQuoted) { quoted = wasQuoted = true; continue; }
            if (ch == ',') { fields.Add(sb.ToString()); sb.Clear(); wasQuoted = false; continue; }
            if (ch == '\r') continue;
            if (ch == '\n') break;
            sb.Append(ch);
        }
        fields.Add(sb.ToString());
        return fields;
    }
}
