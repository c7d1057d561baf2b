using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace FactDesk.Web.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server for tests. <see cref="GetAsync"/> gives one server shared by the whole test process: the one in
/// env FACTDESK_TEST_POSTGRES (a connection string to an admin database) if set, otherwise a throwaway cluster started
/// on demand (initdb into a temp folder, trust authentication on 127.0.0.1, a free port) and stopped at process exit.
/// <see cref="StartPrivateAsync"/> starts a separate one that a test may stop and start (fault tests).
/// Without the binaries, tests that need PostgreSQL skip — unless CI=true, where that is a failure.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string InstallHint = "PostgreSQL server binaries (initdb, pg_ctl) were not found; install them with `apt-get install -y postgresql`.";
    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static PostgresServer? _shared;

    private readonly string? _binDir;
    private readonly string? _dataDir;
    private readonly int _port;
    private readonly bool _runAsPostgres;

    /// <summary>A connection string to the server's admin database (<c>postgres</c>).</summary>
    public string AdminConnectionString { get; }

    /// <summary>Whether this process started the server (and so may stop and start it).</summary>
    public bool IsLocal => _dataDir is not null;

    private PostgresServer(string adminConnectionString)
    {
        AdminConnectionString = adminConnectionString;
    }

    private PostgresServer(string binDir, string dataDir, int port, bool runAsPostgres)
    {
        (_binDir, _dataDir, _port, _runAsPostgres) = (binDir, dataDir, port, runAsPostgres);
        AdminConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", Timeout = 10, IncludeErrorDetail = true,
        }.ConnectionString;
    }

    /// <summary>The process-wide server, started on first use.</summary>
    public static async Task<PostgresServer> GetAsync()
    {
        await SharedGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_shared is not null) return _shared;
            var external = Environment.GetEnvironmentVariable("FACTDESK_TEST_POSTGRES");
            _shared = string.IsNullOrWhiteSpace(external) ? await StartLocalAsync().ConfigureAwait(false) : new PostgresServer(external);
            return _shared;
        }
        finally
        {
            SharedGate.Release();
        }
    }

    /// <summary>A server of the caller's own, on this machine: stop it, start it, dispose it when done.</summary>
    public static Task<PostgresServer> StartPrivateAsync() => StartLocalAsync();

    /// <summary>Skips the calling test (or fails it under CI=true) when no PostgreSQL can be had.</summary>
    public static void SkipIfUnavailable()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("FACTDESK_TEST_POSTGRES"))) return;
        RequireBinaries();
    }

    /// <summary>A fresh, uniquely named, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"factdesk_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever is still connected to it.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using (var pooled = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(pooled);
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the server (fast shutdown: open connections are cut, open transactions roll back). Same port and data on <see cref="StartAsync"/>.</summary>
    public Task StopAsync() => PgCtlAsync("stop", "-m", "fast");

    public Task StartAsync() => PgCtlAsync("start", "-l", Path.Combine(_dataDir ?? "", "server.log"), "-o", ServerOptions(_port, _dataDir ?? ""));

    public async ValueTask DisposeAsync()
    {
        if (_dataDir is null || ReferenceEquals(this, _shared)) return;
        StopAndDelete();
        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static async Task<PostgresServer> StartLocalAsync()
    {
        var binDir = RequireBinaries();
        await RemoveStaleClustersAsync(binDir).ConfigureAwait(false);
        var runAsPostgres = Environment.UserName == "root" || EffectiveUserId() == 0;
        var dataDir = Path.Combine(Path.GetTempPath(), $"factdesk-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dataDir);
        if (runAsPostgres) await RunAsync("chown", ["postgres", dataDir], asPostgres: false).ConfigureAwait(false);
        var cluster = Path.Combine(dataDir, "data");
        await RunAsync(Path.Combine(binDir, "initdb"), ["-D", cluster, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"], runAsPostgres).ConfigureAwait(false);
        var server = new PostgresServer(binDir, dataDir, FreePort(), runAsPostgres);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAndDelete();
        await server.StartAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Clusters left by test processes that are gone (killed before their exit handler finished): stop and delete.</summary>
    private static async Task RemoveStaleClustersAsync(string binDir)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "factdesk-pg-*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length < 4 || !int.TryParse(parts[2], out var pid) || pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}")) continue;
            try
            {
                if (File.Exists(Path.Combine(dir, "data", "postmaster.pid")))
                    await RunAsync(Path.Combine(binDir, "pg_ctl"), ["-D", Path.Combine(dir, "data"), "-w", "-t", "20", "stop", "-m", "immediate"], asPostgres: Environment.UserName == "root").ConfigureAwait(false);
            }
            catch (Exception) { /* not running */ }
            try { Directory.Delete(dir, recursive: true); }
            catch (Exception) { /* best effort */ }
        }
    }

    private static string ServerOptions(int port, string dataDir) =>
        $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={dataDir} -c max_connections=400 -c shared_buffers=32MB " +
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";

    private Task PgCtlAsync(params string[] args)
    {
        if (_binDir is null || _dataDir is null) throw new InvalidOperationException("Only a server this process started can be stopped and started.");
        return RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", Path.Combine(_dataDir, "data"), "-w", "-t", "60", .. args], _runAsPostgres);
    }

    private void StopAndDelete()
    {
        if (_binDir is null || _dataDir is null) return;
        try
        {
            RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", Path.Combine(_dataDir, "data"), "-w", "-t", "20", "stop", "-m", "immediate"], _runAsPostgres)
                .Wait(TimeSpan.FromSeconds(30));
        }
        catch (Exception) { /* not running */ }
        try { Directory.Delete(_dataDir, recursive: true); }
        catch (Exception) { /* best effort */ }
    }

    /// <summary>The bin folder of the newest installed PostgreSQL; skips (or fails under CI=true) when there is none.</summary>
    private static string RequireBinaries()
    {
        var found = FindBinaries();
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (found is null && ci) throw new InvalidOperationException(InstallHint + " (CI=true: tests that need PostgreSQL fail instead of skipping.)");
        Skip.If(found is null, InstallHint);
        return found!;
    }

    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            var newest = Directory.GetDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")) && File.Exists(Path.Combine(d.Dir, "pg_ctl")))
                .OrderByDescending(d => d.Version).FirstOrDefault();
            if (newest.Dir is not null) return newest.Dir;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;
        }
        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int EffectiveUserId()
    {
        try { return File.ReadAllLines("/proc/self/status").Where(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Select(l => int.Parse(l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(-1); }
        catch (Exception) { return -1; }
    }

    private static async Task RunAsync(string file, string[] args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            // The server must not inherit the test host's pipes, or waiting for pg_ctl would wait for the server too.
            RedirectStandardInput = true,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file }) start.ArgumentList.Add(a);
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr.ConfigureAwait(false)} {await stdout.ConfigureAwait(false)}");
    }
}
