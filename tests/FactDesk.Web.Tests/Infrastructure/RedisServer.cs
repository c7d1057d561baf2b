using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FactDesk.Web.Tests.Infrastructure;

/// <summary>
/// A throwaway redis-server on a free loopback port (no persistence), killed on dispose. <see cref="StopAsync"/> kills
/// it as a crash would and <see cref="StartAsync"/> brings it back on the same port, for restart tests. Without
/// redis-server, tests that need it skip with the install command — unless CI=true, where that is a failure.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string InstallHint = "redis-server was not found; install it with `apt-get install -y redis-server`.";

    private readonly string _binary;
    private Process? _process;

    private RedisServer(string binary, int port)
    {
        _binary = binary;
        Port = port;
    }

    public int Port { get; }

    /// <summary>For <c>ConnectionStrings:Redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Why Redis tests cannot run here (null: they can). Under CI=true a missing server throws instead.</summary>
    public static string? Unavailable()
    {
        if (Find() is not null) return null;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(InstallHint + " (CI=true: tests that need Redis fail instead of skipping.)");
        return InstallHint;
    }

    /// <summary>Skips the calling test (SkippableFact) when redis-server is missing; fails under CI=true.</summary>
    public static void SkipIfUnavailable()
    {
        var reason = Unavailable();
        Skip.If(reason is not null, reason);
    }

    public static async Task<RedisServer> StartNewAsync()
    {
        var binary = Find() ?? throw new InvalidOperationException(InstallHint);
        var server = new RedisServer(binary, FreePort());
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server on its port and waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        if (IsRunning) return;
        var start = new ProcessStartInfo(_binary)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        foreach (var a in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no" })
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await PingAsync())
        {
            if (process.HasExited) throw new InvalidOperationException($"redis-server exited with {process.ExitCode} (port {Port}).");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"redis-server did not answer on port {Port}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Kills the server (as a crash would: every connection is cut at once).</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port).WaitAsync(TimeSpan.FromSeconds(1));
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    private static string? Find()
    {
        foreach (var dir in new[] { "/usr/bin", "/usr/local/bin" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)))
        {
            var path = Path.Combine(dir, "redis-server");
            if (File.Exists(path)) return path;
        }
        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
