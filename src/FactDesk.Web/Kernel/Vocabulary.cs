namespace FactDesk.Web.Kernel;

// The words every layer shares: roles, where a claim came from, what evidence does. Entities store them; DTOs carry them.

public enum ClaimOrigin { Suggested, Manual }

public enum EvidenceStance { Supports, Contradicts, Context }

public static class Roles
{
    public const string Editor = "Editor";
    public const string Reviewer = "Reviewer";
    public const string Viewer = "Viewer";
    public static readonly string[] All = [Editor, Reviewer, Viewer];
    public const string CanAnnotate = Editor + "," + Reviewer;
}
