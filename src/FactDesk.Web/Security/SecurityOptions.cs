using System.ComponentModel.DataAnnotations;

namespace FactDesk.Web.Security;

/// <summary>The <c>FactDesk:Security</c> settings: who may write with a cookie from where, the proxy, /metrics, sign-in limits.</summary>
public sealed class SecurityOptions
{
    public const string Section = "FactDesk:Security";

    /// <summary>
    /// Origins besides FactDesk's own (<c>https://cms.example.org</c>) from which a browser may send cookie-authenticated
    /// writes and open the hub's WebSocket. Bearer-token clients are never checked.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Proxies whose X-Forwarded-For/-Proto/-Host are believed: single addresses.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks whose X-Forwarded-* are believed, in CIDR form (<c>172.16.0.0/12</c>).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>A token that lets a scraper read /metrics (<c>Authorization: Bearer …</c>); without one, only loopback may.</summary>
    public string? MetricsToken { get; set; }

    /// <summary>Sign-in and token-creation attempts one client address may make per minute.</summary>
    [Range(1, 10_000)]
    public int SignInPerAddressPerMinute { get; set; } = 30;

    /// <summary>Failed sign-ins per account per 5 minutes before more must wait (a browser the account signed in on before is exempt).</summary>
    [Range(1, 10_000)]
    public int FailedSignInsPerAccount { get; set; } = 10;
}
