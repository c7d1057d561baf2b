namespace FactDesk.Core.Interchange;

/// <summary>
/// Normalises document URLs so that the same article compares equal however a tool wrote its address: scheme and
/// "www." ignored (outlets move to https and drop www), host lower-cased, default port, fragment, trailing slash and
/// tracking parameters (utm_*, fbclid, gclid, …) removed, remaining query parameters sorted.
/// </summary>
public static class SourceUrl
{
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref_src", "cmpid", "ocid", "smid",
    };

    /// <summary>The comparable form of <paramref name="url"/>, or the trimmed text itself when it is not an absolute URL; null when empty.</summary>
    public static string? Normalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        var trimmed = url.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return trimmed;
        var host = uri.IdnHost.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal)) host = host[4..];
        var path = uri.AbsolutePath.TrimEnd('/');
        var query = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p =>
            {
                var name = p.Split('=')[0];
                return !name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) && !TrackingParameters.Contains(name);
            })
            .Order(StringComparer.Ordinal)
            .ToArray();
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return host + port + path + (query.Length > 0 ? "?" + string.Join('&', query) : "");
    }

    /// <summary>True when both are given and normalise to different documents.</summary>
    public static bool Differ(string? a, string? b)
    {
        var na = Normalize(a);
        var nb = Normalize(b);
        return na is not null && nb is not null && !string.Equals(na, nb, StringComparison.Ordinal);
    }
}
