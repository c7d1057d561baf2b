using System.Text.Json;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Features.Sessions;
using FactDesk.Web.Localization;
using FactDesk.Web.Resources;
using Microsoft.Extensions.Localization;

namespace FactDesk.Web.Features.Review.Reading;

/// <summary>Turns an Event into the short sentence the history and the activity feed show, in the page's language.</summary>
public static class EventText
{
    public static string Describe(ReviewEventDto e, VerdictScale scale, IStringLocalizer<ReviewText> l, IStringLocalizer<SharedText> s)
    {
        var after = e.After;
        return e.Kind switch
        {
            EventKinds.ArticleImported => l["Event.Imported"],
            EventKinds.ClaimAdded => l["Event.Added"],
            EventKinds.ClaimDismissed => l["Event.Dismissed"],
            EventKinds.ClaimRestored => l["Event.Restored"],
            EventKinds.ClaimMerged => l["Event.Merged"],
            EventKinds.ClaimSplit => l["Event.Split"],
            EventKinds.ClaimReattached => l["Event.Reattached"],
            EventKinds.ArticleRevised => l["Event.Revised", Number(after, "revision"), Number(after, "anchored"), Count(after, "orphaned")],
            EventKinds.FactCheckUrlSet => Field(after, "url", "") is { Length: > 0 } url ? l["Event.FactCheckUrlSet", url] : l["Event.FactCheckUrlCleared"],
            EventKinds.AnnotationsImported => l["Event.AnnotationsImported", Number(after, "anchored"), Count(after, "orphans")],
            EventKinds.EvidenceAdded => l["Event.EvidenceAdded", $"{Field(after, "url", " ")}{(Field(after, "url", "") == "" ? Field(after, "description", ": ") : "")}"],
            EventKinds.EvidenceRemoved => l["Event.EvidenceRemoved"],
            EventKinds.MatchDismissed => l["Event.MatchDismissed", Field(after, "url", "")],
            EventKinds.NoteAdded => l["Event.Noted", Shorten(Field(after, "body", ""), 80)],
            EventKinds.ClaimUpdated => Updated(e, scale, l, s),
            EventKinds.ClaimsRescored => l["Event.Rescored", Number(after, "suggested"), Number(after, "dismissed")],
            // The review session's own Events share the article's log (the Activity tab shows them too).
            SessionEventKinds.Started => Flag(after, "blind") ? l["Event.SessionStartedBlind"] : l["Event.SessionStarted"],
            SessionEventKinds.ProposalSaved => Field(after, "verdict", "") is { Length: > 0 } proposed ? l["Event.Proposed", VerdictLabel(scale, proposed)] : l["Event.ProposalSaved"],
            SessionEventKinds.Revealed => l["Event.Revealed"],
            SessionEventKinds.VoteCast => Field(after, "verdict", "") is { Length: > 0 } voted ? l["Event.Voted", VerdictLabel(scale, voted)] : l["Event.VoteCast"],
            SessionEventKinds.SignedOff => l["Event.SignedOff"],
            SessionEventKinds.Corrected => Field(after, "why", "") is { Length: > 0 } why ? l["Event.Corrected", Shorten(why, 80)] : l["Event.CorrectedNoReason"],
            // A kind this page does not know yet (an Event from a newer instance) reads as a change, never as its code.
            _ => l["Event.Other"],
        };
    }

    private static string Updated(ReviewEventDto e, VerdictScale scale, IStringLocalizer<ReviewText> l, IStringLocalizer<SharedText> s)
    {
        if (e.After is not { ValueKind: JsonValueKind.Object } after) return l["Event.ChangedClaim"];
        var parts = new List<string>();
        // The history shows before and after where the Event kept the old value (the live feed drops it to stay light).
        var before = e.Before is { ValueKind: JsonValueKind.Object } b ? b : (JsonElement?)null;
        var none = l["Event.None"].Value;
        foreach (var p in after.EnumerateObject())
        {
            var value = p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.ToString();
            var had = before is { } bo && bo.TryGetProperty(p.Name, out var old) ? (true, old.ValueKind == JsonValueKind.Null ? null : old.ToString()) : (false, null);
            string VerdictLabel(string? key) => key is null ? none : scale.Find(key)?.Shown() ?? key;
            string StateLabel(string? key) => WorkflowStates.TryParse(key, out var st) ? s.State(st) : key ?? none;
            parts.Add(p.Name switch
            {
                "verdict" when had.Item1 && had.Item2 is not null => l["Event.VerdictChanged", VerdictLabel(had.Item2), VerdictLabel(value)],
                "state" when had.Item1 => l["Event.StateChanged", StateLabel(had.Item2), StateLabel(value)],
                "conclusion" when had.Item1 && had.Item2 is not null => value is null ? l["Event.ConclusionClearedWas", Shorten(had.Item2, 60)] : l["Event.ConclusionChanged", Shorten(had.Item2, 60), Shorten(value, 80)],
                "claimant" when had.Item1 && had.Item2 is not null => l["Event.ClaimantChanged", had.Item2, value ?? none],
                "verdict" => value is null ? l["Event.VerdictCleared"] : l["Event.VerdictSet", VerdictLabel(value)],
                "state" => l["Event.StateSet", StateLabel(value)],
                "conclusion" => value is null ? l["Event.ConclusionCleared"] : l["Event.ConclusionWritten", Shorten(value, 80)],
                "assigneeId" => value is null ? l["Event.Unassigned"] : l["Event.Assigned"],
                "claimant" => value is null ? l["Event.ClaimantCleared"] : l["Event.ClaimantNamed", value],
                _ => l["Event.FieldChanged", p.Name],
            });
        }
        return parts.Count == 0 ? l["Event.ChangedClaim"] : string.Join(", ", parts);
    }

    private static string VerdictLabel(VerdictScale scale, string key) => scale.Find(key)?.Shown() ?? key;

    private static bool Flag(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

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
