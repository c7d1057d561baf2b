using System.Text.Json;
using FactDesk.Core.Verdicts;

namespace FactDesk.Web.Features.Review;

/// <summary>Turns an Event into the short sentence the history and the activity feed show.</summary>
public static class EventText
{
    public static string Describe(ReviewEventDto e, VerdictScale scale)
    {
        var after = e.After;
        return e.Kind switch
        {
            EventKinds.ArticleImported => "imported the article",
            EventKinds.ClaimAdded => "added the claim",
            EventKinds.ClaimDismissed => "dismissed the claim",
            EventKinds.ClaimRestored => "restored the claim",
            EventKinds.ClaimMerged => "merged two claims",
            EventKinds.ClaimSplit => "split the claim",
            EventKinds.ClaimReattached => "re-attached the claim to new text",
            EventKinds.ArticleRevised => $"loaded revision {Number(after, "revision")} of the article ({Number(after, "anchored")} claims kept, {Count(after, "orphaned")} orphaned)",
            EventKinds.FactCheckUrlSet => Field(after, "url", "") is { Length: > 0 } url ? $"set the published fact-check to {url}" : "cleared the published fact-check address",
            EventKinds.AnnotationsImported => $"imported {Number(after, "anchored")} annotations ({Count(after, "orphans")} not anchored)",
            EventKinds.EvidenceAdded => $"added evidence{Field(after, "url", " ")}{(Field(after, "url", "") == "" ? Field(after, "description", ": ") : "")}",
            EventKinds.EvidenceRemoved => "removed evidence",
            EventKinds.NoteAdded => $"noted: “{Shorten(Field(after, "body", ""), 80)}”",
            EventKinds.ClaimUpdated => Updated(e, scale),
            Claims.ClaimScoring.RescoredKind => $"re-scored the claims ({Number(after, "suggested")} new suggestions, {Number(after, "dismissed")} dismissed)",
            _ => e.Kind,
        };
    }

    private static string Updated(ReviewEventDto e, VerdictScale scale)
    {
        if (e.After is not { ValueKind: JsonValueKind.Object } after) return "changed the claim";
        var parts = new List<string>();
        // The history shows before and after where the Event kept the old value (the live feed drops it to stay light).
        var before = e.Before is { ValueKind: JsonValueKind.Object } b ? b : (JsonElement?)null;
        foreach (var p in after.EnumerateObject())
        {
            var value = p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.ToString();
            var had = before is { } bo && bo.TryGetProperty(p.Name, out var old) ? (true, old.ValueKind == JsonValueKind.Null ? null : old.ToString()) : (false, null);
            string VerdictLabel(string? key) => key is null ? "none" : scale.Find(key)?.Label ?? key;
            string StateLabel(string? key) => WorkflowStates.TryParse(key, out var st) ? st.Label() : key ?? "none";
            parts.Add(p.Name switch
            {
                "verdict" when had.Item1 && had.Item2 is not null => $"changed the verdict {VerdictLabel(had.Item2)} → {VerdictLabel(value)}",
                "state" when had.Item1 => $"moved it {StateLabel(had.Item2)} → {StateLabel(value)}",
                "conclusion" when had.Item1 && had.Item2 is not null => value is null ? $"cleared the conclusion (was “{Shorten(had.Item2, 60)}”)" : $"changed the conclusion “{Shorten(had.Item2, 60)}” → “{Shorten(value, 80)}”",
                "claimant" when had.Item1 && had.Item2 is not null => $"changed the claimant {had.Item2} → {value ?? "none"}",
                "verdict" => value is null ? "cleared the verdict" : $"set the verdict to {scale.Find(value)?.Label ?? value}",
                "state" => $"moved it to {(WorkflowStates.TryParse(value, out var s) ? s.Label() : value)}",
                "conclusion" => value is null ? "cleared the conclusion" : $"wrote the conclusion “{Shorten(value, 80)}”",
                "assigneeId" => value is null ? "unassigned it" : "assigned it",
                "claimant" => value is null ? "cleared the claimant" : $"named the claimant {value}",
                _ => $"changed {p.Name}",
            });
        }
        return string.Join(", ", parts);
    }

    private static string Field(JsonElement? element, string name, string prefix) =>
        element is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? prefix + v.GetString() : "";

    private static string Number(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : "";

    private static int Count(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.Array ? v.GetArrayLength() : v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0
            : 0;

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
