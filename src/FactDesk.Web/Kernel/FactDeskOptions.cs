using System.ComponentModel.DataAnnotations;

namespace FactDesk.Web.Kernel;

/// <summary>Everything under the <c>FactDesk</c> configuration section.</summary>
public sealed class FactDeskOptions
{
    public const string Section = "FactDesk";

    public DatabaseOptions Database { get; set; } = new();
    public AccountOptions Accounts { get; set; } = new();
    public AdminOptions Admin { get; set; } = new();
    public ImportOptions Import { get; set; } = new();
    public ClaimOptions Claims { get; set; } = new();
    public PublisherOptions Publisher { get; set; } = new();
    public ReviewOptions Review { get; set; } = new();
    public ExportOptions Export { get; set; } = new();
    /// <summary>A desk's own verdict scale; empty means the default scale.</summary>
    public List<VerdictOption> Verdicts { get; set; } = [];
}

public enum SignUpMode { Open, InvitationOnly }

public enum DatabaseProvider { Sqlite, Postgres }

public sealed class DatabaseOptions
{
    /// <summary>Sqlite (the default: one file, one instance) or Postgres (several instances on one database); the connection string is <c>ConnectionStrings:FactDesk</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

public sealed class AccountOptions
{
    /// <summary>Open: anyone can sign up and starts as Viewer. InvitationOnly: sign-up needs an Editor's invitation code.</summary>
    public SignUpMode SignUp { get; set; } = SignUpMode.Open;

    /// <summary>
    /// An account an Editor creates with a password (POST /api/people) must choose its own at first sign-in, before
    /// anything else: the Editor knows the first one. Off: the given password stays (for accounts only automation uses).
    /// </summary>
    public bool RequirePasswordChangeOnFirstSignIn { get; set; } = true;
}

public sealed class AdminOptions
{
    /// <summary>For unattended deployments: the first Editor, created at start only while no account exists.</summary>
    public string? Email { get; set; }
    public string? Password { get; set; }
}

public sealed class ImportOptions
{
    /// <summary>Largest accepted source (pasted text, upload or fetched page), in bytes.</summary>
    [Range(1024, 200_000_000)]
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;
    [Range(1, 300)]
    public int FetchTimeoutSeconds { get; set; } = 15;
    [Range(0, 10)]
    public int MaxRedirects { get; set; } = 5;
    /// <summary>Lets URL fetches reach loopback and private networks (off: such addresses are refused).</summary>
    public bool AllowPrivateNetworks { get; set; }
    /// <summary>Largest annotation file (W3C Web Annotations) accepted for import onto an article, in bytes.</summary>
    [Range(1024, 500_000_000)]
    public long MaxAnnotationBytes { get; set; } = 20 * 1024 * 1024;
    /// <summary>Most annotations accepted in one file.</summary>
    [Range(1, 1_000_000)]
    public int MaxAnnotations { get; set; } = 20_000;
    /// <summary>Longest processor time reading one HTML page may take (parse and extraction), in seconds; past it the page is refused.</summary>
    [Range(0.1, 120)]
    public double MaxParseSeconds { get; set; } = 2;
    /// <summary>Deepest element nesting accepted in an HTML page; checked before parsing, past it the page is refused.</summary>
    [Range(50, 100_000)]
    public int MaxNestingDepth { get; set; } = 1000;
    /// <summary>Most elements accepted in an HTML page; counted before parsing, past it the page is refused.</summary>
    [Range(1000, 10_000_000)]
    public int MaxElements { get; set; } = FactDesk.Core.Import.ExtractionLimits.DefaultMaxElements;
}

/// <summary>Who publishes the fact-checks: ClaimReview's author and the reports' masthead.</summary>
public sealed class PublisherOptions
{
    public string Name { get; set; } = "FactDesk";
    /// <summary>The publisher's public site; empty means FactDesk's own address.</summary>
    public string? Url { get; set; }
}

public sealed class ReviewOptions
{
    /// <summary>Sign-off is refused while an active claim has no verdict (off: the Editor is warned and confirms).</summary>
    public bool RequireVerdictsForSignOff { get; set; }
}

/// <summary>Which claims ClaimReview publishes.</summary>
public enum ClaimReviewScope
{
    /// <summary>Claims whose state is Done and that carry a verdict, and signed-off claims with a verdict.</summary>
    DoneWithVerdict,
    /// <summary>Only claims of a signed-off session (with a verdict).</summary>
    SignedOff,
}

public sealed class ExportOptions
{
    public ClaimReviewScope ClaimReview { get; set; } = ClaimReviewScope.DoneWithVerdict;
}

public sealed class ClaimOptions
{
    /// <summary>Sentences scoring at or above this become suggested claims; unset takes the model's own, chosen in cross-validation.</summary>
    [Range(0.0, 1.0)]
    public double? SuggestThreshold { get; set; }
    /// <summary>Most suggested claims one import or revision stores: the most check-worthy are kept.</summary>
    [Range(1, 1_000_000)]
    public int MaxSuggestions { get; set; } = 2_000;
    /// <summary>Most claims one article may hold (suggested, by hand, split, imported); past it, adding is refused with a message.</summary>
    [Range(1, 1_000_000)]
    public int MaxPerArticle { get; set; } = 5_000;
}

public sealed class VerdictOption
{
    public string Key { get; set; } = "";
    public string Label { get; set; } = "";
    public int? Ordinal { get; set; }
    public string Color { get; set; } = "#757575";
    public string TextColor { get; set; } = "#ffffff";
    public string Icon { get; set; } = "help";
    /// <summary>The label in other interface languages, by language code: <c>"Labels": { "uk": "Правда" }</c>. Exports keep <see cref="Label"/>.</summary>
    public Dictionary<string, string> Labels { get; set; } = [];
}
