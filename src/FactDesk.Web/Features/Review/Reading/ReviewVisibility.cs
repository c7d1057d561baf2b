using System.Text.Json;
using System.Text.Json.Nodes;
using FactDesk.Web.Data;

namespace FactDesk.Web.Features.Review.Reading;

/// <summary>
/// The one rule for what an actor may see of an article during a blind first pass and after it. During the pass, what
/// a Reviewer adds — proposals, evidence, notes and their Events — is private to them and the Editors; the claim's own
/// state, verdict, conclusion and claimant are the Editors' to change (<see cref="ReviewRules.CheckClaim"/>), so there is
/// nothing private in a claim row; but while the pass is open only Editors see a claim's own verdict and conclusion
/// (<see cref="HidesVerdicts"/>). The reveal makes everything public (it clears the private marks), so "after the
/// pass" needs no rule of its own. The API, the hub (catch-up and live), the pages, notifications and every export ask here.
/// </summary>
public static class ReviewVisibility
{
    /// <summary>Whether <paramref name="viewer"/> may see something private to <paramref name="privateTo"/> (null: public).</summary>
    public static bool CanSee(Actor? viewer, string? privateTo) =>
        privateTo is null || viewer is { IsEditor: true } || viewer?.UserId == privateTo;

    public static bool CanSee(this Actor? viewer, ReviewEventDto e) => CanSee(viewer, e.VisibleTo);

    /// <summary>The Events of <paramref name="events"/> that <paramref name="viewer"/> may see, in their order.</summary>
    public static IReadOnlyList<ReviewEventDto> Visible(this IEnumerable<ReviewEventDto> events, Actor? viewer) =>
        events.Where(e => CanSee(viewer, e.VisibleTo)).ToList();

    /// <summary>Whose private things a viewer may see beside the public ones; null: everyone's (an Editor).</summary>
    private static string? Only(Actor viewer) => viewer.IsEditor ? null : viewer.UserId;

    public static IQueryable<ReviewEvent> VisibleTo(this IQueryable<ReviewEvent> events, Actor viewer)
    {
        var only = Only(viewer);
        return only is null ? events : events.Where(e => e.VisibleToUserId == null || e.VisibleToUserId == only);
    }

    public static IQueryable<Evidence> VisibleTo(this IQueryable<Evidence> evidence, Actor viewer)
    {
        var only = Only(viewer);
        return only is null ? evidence : evidence.Where(e => e.BlindOwnerId == null || e.BlindOwnerId == only);
    }

    public static IQueryable<Note> VisibleTo(this IQueryable<Note> notes, Actor viewer)
    {
        var only = Only(viewer);
        return only is null ? notes : notes.Where(n => n.BlindOwnerId == null || n.BlindOwnerId == only);
    }

    /// <summary>
    /// Whether <paramref name="viewer"/> is kept from the claims' own verdicts and conclusions: anyone but an Editor
    /// while a blind first pass is open, so nothing anchors a Reviewer's proposal. The claim list, the claim panel, the
    /// session page and the API's claim reads all show claims through <see cref="Shown(ClaimDto, bool)"/>.
    /// </summary>
    public static bool HidesVerdicts(Actor? viewer, bool blindPassOpen) => blindPassOpen && viewer is not { IsEditor: true };

    /// <summary>A claim as a viewer may see it: without its verdict and conclusion when <paramref name="hideVerdicts"/>.</summary>
    public static ClaimDto Shown(ClaimDto claim, bool hideVerdicts) =>
        hideVerdicts && (claim.Verdict is not null || claim.Conclusion is not null) ? claim with { Verdict = null, Conclusion = null } : claim;

    /// <summary>Claims as a viewer may see them (<see cref="Shown(ClaimDto, bool)"/>); the same list when nothing is hidden.</summary>
    public static IReadOnlyList<ClaimDto> Shown(IReadOnlyList<ClaimDto> claims, bool hideVerdicts) =>
        hideVerdicts ? claims.Select(c => Shown(c, true)).ToList() : claims;

    /// <summary>The names under which an Event's payload carries a claim's verdict or conclusion (any depth, any case).</summary>
    private static bool IsVerdictName(string name) =>
        name.Equals("verdict", StringComparison.OrdinalIgnoreCase) || name.Equals("conclusion", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether an Event's before or after names a verdict or a conclusion with a value.</summary>
    public static bool CarriesVerdict(JsonElement? value)
    {
        if (value is not { } v) return false;
        switch (v.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in v.EnumerateObject())
                {
                    if (IsVerdictName(p.Name) ? p.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) : CarriesVerdict(p.Value)) return true;
                }
                return false;
            case JsonValueKind.Array:
                foreach (var item in v.EnumerateArray())
                {
                    if (CarriesVerdict(item)) return true;
                }
                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// An Event as a viewer may see it: when <paramref name="hideVerdicts"/>, without the verdicts and conclusions in
    /// its payload (Events recorded before a blind pass began; those recorded during it are private, ReviewRules.Sealed).
    /// </summary>
    public static ReviewEventDto Shown(ReviewEventDto e, bool hideVerdicts) =>
        hideVerdicts && (CarriesVerdict(e.Before) || CarriesVerdict(e.After)) ? e with { Before = WithoutVerdicts(e.Before), After = WithoutVerdicts(e.After) } : e;

    private static JsonElement? WithoutVerdicts(JsonElement? value)
    {
        if (!CarriesVerdict(value)) return value;
        var node = JsonNode.Parse(value!.Value.GetRawText());
        Strip(node);
        return JsonSerializer.SerializeToElement(node);

        static void Strip(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                foreach (var name in o.Select(p => p.Key).Where(IsVerdictName).ToList()) o.Remove(name);
                foreach (var p in o) Strip(p.Value);
            }
            else if (n is JsonArray a)
            {
                foreach (var item in a) Strip(item);
            }
        }
    }

    /// <summary>A session's proposals: in a blind pass a Reviewer sees only their own.</summary>
    public static IQueryable<Proposal> VisibleTo(this IQueryable<Proposal> proposals, Actor viewer, bool blindNow) =>
        blindNow && !viewer.IsEditor ? proposals.Where(p => p.ReviewerId == viewer.UserId) : proposals;
}
