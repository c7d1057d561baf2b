using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Resources;
using Microsoft.Extensions.Localization;

namespace FactDesk.Web.Localization;

/// <summary>Names the API keeps as stable values (states, stances, roles), as a person reads them in the page's language.</summary>
public static class Words
{
    public static string State(this IStringLocalizer<SharedText> s, WorkflowState state) => s["State." + state];

    public static string Stance(this IStringLocalizer<SharedText> s, EvidenceStance stance) => s["Stance." + stance];

    public static string Role(this IStringLocalizer<SharedText> s, string role) => role switch
    {
        Roles.Editor or Roles.Reviewer or Roles.Viewer => s["Role." + role],
        _ => role,
    };
}
