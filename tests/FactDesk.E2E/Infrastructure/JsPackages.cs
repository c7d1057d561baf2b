namespace FactDesk.E2E.Infrastructure;

/// <summary>
/// npm packages the tests use in the browser, from <c>tests/FactDesk.E2E/js</c> (<c>npm ci</c> there installs them;
/// .ci/run does). Missing: the test is skipped with the command, except under CI=true, where it fails.
/// </summary>
public static class JsPackages
{
    public const string InstallHint = "The JavaScript test clients are not installed: run `npm ci` in tests/FactDesk.E2E/js.";

    /// <summary>The browser build of @microsoft/signalr.</summary>
    public static string SignalRBrowserBuild()
    {
        var path = Path.Combine(Folder(), "node_modules", "@microsoft", "signalr", "dist", "browser", "signalr.min.js");
        if (File.Exists(path)) return path;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(InstallHint);
        Skip.If(true, InstallHint);
        return path;
    }

    // The source folder, found upwards from the test binaries (bin/Debug/net10.0).
    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "FactDesk.E2E", "js");
            if (Directory.Exists(candidate)) return candidate;
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && dir.Name == "js") return dir.FullName;
        }
        return Path.Combine(AppContext.BaseDirectory, "js");
    }
}
