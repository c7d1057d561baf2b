using System.Security.Claims;

namespace FactDesk.Web.Kernel;

/// <summary>Who is making a change, as the write path sees them. Built from the signed-in principal.</summary>
public sealed record Actor(string UserId, string Name, string Role)
{
    /// <summary>The connection or circuit a change came from, so live delivery can skip echoing it back there.</summary>
    public string? Origin { get; init; }

    public bool CanAnnotate => Role is Roles.Editor or Roles.Reviewer;
    public bool IsEditor => Role == Roles.Editor;

    public static Actor? From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return null;
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(id)) return null;
        var name = user.FindFirstValue(FactDeskClaimTypes.DisplayName) ?? user.Identity.Name ?? "Unknown";
        var role = user.IsInRole(Roles.Editor) ? Roles.Editor
            : user.IsInRole(Roles.Reviewer) ? Roles.Reviewer
            : Roles.Viewer;
        return new Actor(id, name, role);
    }
}

public static class FactDeskClaimTypes
{
    public const string DisplayName = "factdesk:name";

    /// <summary>The API token a principal was authenticated with, so long-lived connections can check it again.</summary>
    public const string TokenId = "factdesk:token";

    /// <summary>The interface language the person chose ("en", "uk"); absent while the browser's language applies.</summary>
    public const string Culture = "factdesk:culture";

    /// <summary>Present while the account must choose its own password before using the desk (Features/Accounts/PasswordChangeGate).</summary>
    public const string MustChangePassword = "factdesk:must-change-password";
}
