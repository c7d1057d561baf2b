namespace FactDesk.Core.Hygiene;

/// <summary>
/// Credentials in an address (<c>http://user:password@host/</c>) are a secret the sender did not mean to publish: FactDesk
/// refuses them where a person types an address, drops them where an address comes from a source, and never lets them
/// reach an export or a log line.
/// </summary>
public static class UrlHygiene
{
    /// <summary>True when <paramref name="url"/> is an absolute address with a user name or password in it.</summary>
    public static bool HasCredentials(string? url) =>
        url is not null && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && HasCredentials(uri);

    /// <summary>True when <paramref name="uri"/> has a user name or password in it.</summary>
    public static bool HasCredentials(Uri uri) => uri.IsAbsoluteUri && uri.UserInfo.Length > 0;

    /// <summary><paramref name="uri"/> without its user name and password.</summary>
    public static Uri WithoutCredentials(Uri uri)
    {
        if (!HasCredentials(uri)) return uri;
        return new UriBuilder(uri) { UserName = "", Password = "" }.Uri;
    }

    /// <summary>An address as it may leave the desk in an export: without credentials (null stays null).</summary>
    public static string? ForExport(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !HasCredentials(uri)) return url;
        return WithoutCredentials(uri).ToString();
    }

    /// <summary>An address as it may appear in a log line: scheme, host, port and path only (no credentials, query or fragment).</summary>
    public static string ForLog(string? url)
    {
        if (url is null) return "";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return "(not an absolute address)";
        return ForLog(uri);
    }

    /// <summary><see cref="ForLog(string?)"/> for a parsed address.</summary>
    public static string ForLog(Uri uri) => uri.IsAbsoluteUri
        ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) + (uri.Query.Length > 1 ? "?…" : "")
        : "(relative address)";
}
