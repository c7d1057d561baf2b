using System.Runtime.CompilerServices;

namespace FactDesk.Core.Tests.Golden;

/// <summary>
/// Golden files live next to this source file. Set FACTDESK_UPDATE_GOLDEN=1 to rewrite them from the current output;
/// review the diff before committing — a golden is a claim that the output is right, not a snapshot of whatever it is.
/// </summary>
internal static class GoldenFile
{
    public static string PathOf(string name, [CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, name);

    public static void AssertMatches(string name, string actual)
    {
        var path = PathOf(name);
        if (Environment.GetEnvironmentVariable("FACTDESK_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual, new System.Text.UTF8Encoding(false));
            return;
        }
        Assert.True(File.Exists(path), $"Golden file {name} is missing; run the tests with FACTDESK_UPDATE_GOLDEN=1 and review it.");
        var expected = File.ReadAllText(path);
        // git may check text files out with CRLF on Windows; the content is what matters
        Assert.Equal(Normalise(expected), Normalise(actual));
    }

    private static string Normalise(string text) => text.TrimStart('\uFEFF').ReplaceLineEndings("\n");
}
