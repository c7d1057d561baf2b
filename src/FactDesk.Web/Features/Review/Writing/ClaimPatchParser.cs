using System.Text.Json;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Features.Review.Reading;

namespace FactDesk.Web.Features.Review.Writing;

/// <summary>
/// Reads a claim change from JSON, telling an absent field (leave alone) from null (clear). Shared by the HTTP API and
/// the hub, so both accept and refuse exactly the same payloads.
/// </summary>
public static class ClaimPatchParser
{
    public const string MissingVersion = "Send the claim's 'version' as you read it, so a change made meanwhile is not overwritten.";

    public static bool TryParse(JsonElement json, out ClaimPatch patch, out string error)
    {
        patch = new ClaimPatch { Version = 0 };
        error = "";
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = "Send a JSON object such as {\"version\": 3, \"verdict\": \"false\"}.";
            return false;
        }
        if (!json.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var version) || version < 1)
        {
            error = MissingVersion;
            return false;
        }
        patch = new ClaimPatch { Version = version };
        foreach (var property in json.EnumerateObject())
        {
            switch (property.Name)
            {
                case "version":
                    break;
                case "state":
                    if (!WorkflowStates.TryParse(property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null, out var state))
                    {
                        error = "'state' must be one of open, inProgress, needsSecondCheck, done, skipped.";
                        return false;
                    }
                    patch = patch with { State = new Change<WorkflowState>(state) };
                    break;
                case "verdict":
                case "conclusion":
                case "assigneeId":
                case "claimant":
                    if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    {
                        error = $"'{property.Name}' must be a string or null.";
                        return false;
                    }
                    var change = new Change<string?>(property.Value.GetString());
                    patch = property.Name switch
                    {
                        "verdict" => patch with { Verdict = change },
                        "conclusion" => patch with { Conclusion = change },
                        "assigneeId" => patch with { AssigneeId = change },
                        _ => patch with { Claimant = change },
                    };
                    break;
                default:
                    error = $"'{property.Name}' cannot be changed here. Allowed: version, state, verdict, conclusion, assigneeId, claimant.";
                    return false;
            }
        }
        return true;
    }
}
