namespace FactDesk.Core.Verdicts;

/// <summary>Where the work on a claim stands. Deliberately separate from the verdict.</summary>
public enum WorkflowState
{
    /// <summary>Nobody has started on the claim.</summary>
    Open,
    /// <summary>A reviewer is working on it.</summary>
    InProgress,
    /// <summary>Done by one reviewer, waiting for a second pair of eyes.</summary>
    NeedsSecondCheck,
    /// <summary>Checked.</summary>
    Done,
    /// <summary>Deliberately not checked.</summary>
    Skipped,
}

/// <summary>Display helpers for <see cref="WorkflowState"/>.</summary>
public static class WorkflowStates
{
    /// <summary>The label a reviewer reads.</summary>
    public static string Label(this WorkflowState state) => state switch
    {
        WorkflowState.Open => "Open",
        WorkflowState.InProgress => "In progress",
        WorkflowState.NeedsSecondCheck => "Needs second check",
        WorkflowState.Done => "Done",
        WorkflowState.Skipped => "Skipped",
        _ => state.ToString(),
    };

    /// <summary>Parses an API value such as <c>inProgress</c>, <c>in_progress</c> or <c>In progress</c>.</summary>
    public static bool TryParse(string? value, out WorkflowState state)
    {
        state = WorkflowState.Open;
        if (string.IsNullOrWhiteSpace(value)) return false;
        var compact = new string(value.Where(char.IsLetter).ToArray());
        foreach (var candidate in Enum.GetValues<WorkflowState>())
        {
            if (string.Equals(candidate.ToString(), compact, StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }
        return false;
    }

    /// <summary>The camelCase name used by the API.</summary>
    public static string ApiName(this WorkflowState state) =>
        char.ToLowerInvariant(state.ToString()[0]) + state.ToString()[1..];
}
