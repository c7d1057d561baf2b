using Microsoft.Playwright;

namespace FactDesk.E2E.Infrastructure;

/// <summary>Screenshots for people to look at: saved only when FACTDESK_SCREENSHOTS names a folder.</summary>
public static class Shots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("FACTDESK_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
    }
}
