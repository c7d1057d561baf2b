using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace FactDesk.E2E.Infrastructure;

/// <summary>
/// FactDesk on real Kestrel, on a free loopback port, with its own SQLite file — or, given settings (a PostgreSQL
/// database and Redis), as one of several instances sharing them.
/// </summary>
public sealed class AppServer : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "factdesk-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly ITestOutputHelper? _output;

    /// <param name="output">Where the server's warnings and errors go when the server is disposed, so that they show with a failing test.</param>
    public AppServer(ITestOutputHelper? output = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _output = output;
        _settings = settings ?? new Dictionary<string, string?>();
        Directory.CreateDirectory(_directory);
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().TrimEnd('/');
    }

    public string BaseUrl { get; }

    /// <summary>The server's warnings and errors so far.</summary>
    public ServerLog Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development serves the static web assets (MudBlazor, blazor.web.js) straight from the build output.
        builder.UseEnvironment("Development");
        if (_settings.Count == 0)
        {
            builder.UseSetting("ConnectionStrings:FactDesk", $"Data Source={Path.Combine(_directory, "factdesk.db")}");
            builder.UseSetting("FactDesk:KeysPath", Path.Combine(_directory, "keys"));
        }
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddProvider(Log));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _output is not null)
        {
            var lines = Log.Lines;
            if (lines.Count > 0) _output.WriteLine($"Server at {BaseUrl} logged:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A lingering SQLite handle on a temp folder is not worth failing a test run for.
        }
    }
}
