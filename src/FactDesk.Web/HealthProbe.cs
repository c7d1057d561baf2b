namespace FactDesk.Web;

/// <summary>
/// <c>dotnet FactDesk.Web.dll healthcheck [url]</c>: asks a running FactDesk for /healthz and exits 0 when it answers
/// 200. Container images have no curl; this lets docker-compose's health checks use the app itself.
/// </summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 0 ? args[0] : DefaultUrl();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Console.WriteLine($"{(int)response.StatusCode} {body}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"FactDesk at {url} did not answer: {ex.Message}");
            return 1;
        }
    }

    private static string DefaultUrl()
    {
        var port = (Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS") ?? "8080").Split(';', ',')[0].Trim();
        return $"http://127.0.0.1:{port}/healthz";
    }
}
