namespace FactDesk.Web.Features.Accounts;

/// <summary>Where a person goes back to after signing in, changing their password or their language: only this site.</summary>
public static class ReturnUrls
{
    /// <summary>
    /// A local path to go back to after sign-in, or "/". Characters outside ASCII ("/?search=Zürich") are percent-encoded:
    /// a Location header may carry nothing else, and sending them raw failed the whole sign-in with a 500.
    /// </summary>
    public static string Safe(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//") || returnUrl.StartsWith("/\\")) return "/";
        var sb = new System.Text.StringBuilder(returnUrl.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in returnUrl.EnumerateRunes())
        {
            if (rune.Value is > 0x20 and < 0x7F) { sb.Append((char)rune.Value); continue; }
            // Control characters would let a value split the header; they never belong in a path.
            if (rune.Value < 0x20 || rune.Value == 0x7F) return "/";
            var n = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..n]) sb.Append('%').Append(b.ToString("X2"));
        }
        return sb.ToString();
    }
}
