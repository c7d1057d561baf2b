using System.Text;

namespace FactDesk.Benchmarks.Matching;

/// <summary>The claim-retrieval data set as its README lays it out (read from a path given on the command line).</summary>
internal sealed record MatchData(IReadOnlyList<(long Id, string Claim, string Title)> Claims, IReadOnlyDictionary<string, IReadOnlyList<(string Id, string Text, HashSet<long> Relevant)>> Splits)
{
    public static MatchData Load(string dir)
    {
        var claims = new List<(long, string, string)>();
        foreach (var f in ReadTsv(Path.Combine(dir, "verified_claims.docs.tsv")).Skip(1))
        {
            if (f.Count < 2 || !long.TryParse(f[0], out var id)) continue;
            claims.Add((id, f[1], f.Count > 2 ? f[2] : ""));
        }
        var splits = new Dictionary<string, IReadOnlyList<(string, string, HashSet<long>)>>();
        foreach (var split in new[] { "train", "dev" })
        {
            var folder = Path.Combine(dir, split);
            if (!Directory.Exists(folder)) continue;
            var qrels = new Dictionary<string, HashSet<long>>();
            foreach (var line in File.ReadLines(Directory.GetFiles(folder, "*.qrels").Single()))
            {
                var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 4 || f[3] == "0") continue;
                if (!qrels.TryGetValue(f[0], out var set)) qrels[f[0]] = set = [];
                set.Add(long.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture));
            }
            var queries = new List<(string, string, HashSet<long>)>();
            foreach (var f in ReadTsv(Directory.GetFiles(folder, "*.queries.tsv").Single()).Skip(1))
            {
                if (f.Count < 2 || !qrels.TryGetValue(f[0], out var rel)) continue;
                queries.Add((f[0], f[1], rel));
            }
            splits[split] = queries;
        }
        return new MatchData(claims, splits);
    }

    // The files quote a field that holds a quote, a tab or a line break (doubling its quotes), as CSV does: read them
    // so, or a quoted claim keeps its quotes and a multi-line one is cut in two rows.
    internal static IEnumerable<List<string>> ReadTsv(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, fieldStart = true;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else quoted = false;
                }
                else field.Append(ch);
                continue;
            }
            if (ch == '"' && fieldStart) { quoted = true; fieldStart = false; continue; }
            if (ch == '\t') { row.Add(field.ToString()); field.Clear(); fieldStart = true; continue; }
            if (ch == '\r') continue;
            if (ch == '\n')
            {
                row.Add(field.ToString()); field.Clear(); fieldStart = true;
                yield return row;
                row = [];
                continue;
            }
            field.Append(ch);
            fieldStart = false;
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); yield return row; }
    }

    /// <summary>Average precision at 5 of one ranking.</summary>
    public static double AveragePrecisionAt5(IReadOnlyList<long> ranked, HashSet<long> relevant)
    {
        double hits = 0, sum = 0;
        for (int i = 0; i < Math.Min(5, ranked.Count); i++)
        {
            if (!relevant.Contains(ranked[i])) continue;
            hits++;
            sum += hits / (i + 1);
        }
        return relevant.Count == 0 ? 0 : sum / Math.Min(relevant.Count, 5);
    }
}
