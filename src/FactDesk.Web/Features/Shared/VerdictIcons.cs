using MudBlazor;

namespace FactDesk.Web.Features.Shared;

public static class VerdictIcons
{
    public static string For(string icon) => icon switch
    {
        "check-circle" => Icons.Material.Filled.CheckCircle,
        "check" => Icons.Material.Filled.Check,
        "half" => Icons.Material.Filled.Contrast,
        "warning" => Icons.Material.Filled.Warning,
        "cancel" => Icons.Material.Filled.Cancel,
        "shuffle" => Icons.Material.Filled.Shuffle,
        "help" => Icons.Material.Filled.HelpOutline,
        "comment" => Icons.Material.Filled.ChatBubbleOutline,
        _ => Icons.Material.Filled.Label,
    };

    public static string ForState(FactDesk.Core.Verdicts.WorkflowState state) => state switch
    {
        FactDesk.Core.Verdicts.WorkflowState.Open => Icons.Material.Outlined.Circle,
        FactDesk.Core.Verdicts.WorkflowState.InProgress => Icons.Material.Filled.Autorenew,
        FactDesk.Core.Verdicts.WorkflowState.NeedsSecondCheck => Icons.Material.Filled.People,
        FactDesk.Core.Verdicts.WorkflowState.Done => Icons.Material.Filled.TaskAlt,
        FactDesk.Core.Verdicts.WorkflowState.Skipped => Icons.Material.Filled.NotInterested,
        _ => Icons.Material.Outlined.Circle,
    };
}
