using Microsoft.Playwright;

namespace FactDesk.E2E.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright's bundled driver (no browser download). Missing Chromium skips the test
/// with the install command, except under CI=true, where it fails.
/// </summary>
public static class Browser
{
    public const string InstallHint = "Chromium is not installed: run `apt-get install -y chromium` (or set FACTDESK_CHROMIUM to its path).";

    public static string? ExecutablePath()
    {
        var configured = Environment.GetEnvironmentVariable("FACTDESK_CHROMIUM");
        foreach (var candidate in new[] { configured, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static async Task<IBrowser> LaunchAsync()
    {
        var path = ExecutablePath();
        if (path is null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException(InstallHint);
            Skip.If(true, InstallHint);
        }
        var playwright = await Playwright.CreateAsync();
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            // English whatever the machine's language: the pages follow the browser's Accept-Language (a test that
            // wants Ukrainian asks for it with a context Locale).
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=en-US"],
        });
    }
}
