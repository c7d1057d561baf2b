using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace FactDesk.Benchmarks.Load;

/// <summary>
/// Live review across instances (issue #6, "Performance"): published FactDesk processes on PostgreSQL and Redis, both
/// started here on loopback. For each N, the same hub-client load against one instance and then split over two
/// instances (client i on instance i mod 2, so half of the sampled deliveries cross instances through Redis); then
/// how many idle-ish reviewers one instance holds with p99 under 250 ms.
/// <code>dotnet run -c Release --project tests/FactDesk.Benchmarks -- scale-load [--n 50,200] [--rates 100,200,400,800,1600] [--hold 100,200,400,800,1200,1600] [--hold-rate 20] [--instances 1,2] [--db sqlite] [--redis off] [--server &lt;published dir&gt;]</code>
/// </summary>
public static class ScaleLoad
{
    private const double HoldP99Ms = 250;

    public static async Task RunAsync(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var o = LoadTool.Parse(args);
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        var ns = Get("--n") is null ? [50, 200] : o.Ns;
        var rates = Get("--rates") is null ? [100, 200, 400, 800, 1600] : o.Rates;
        var holds = (Get("--hold") ?? "100,200,400,800,1200,1600").Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        var holdRate = int.Parse(Get("--hold-rate") ?? "20", CultureInfo.InvariantCulture);
        // Ablation: --db sqlite and/or --redis off measure one instance without PostgreSQL or without Redis.
        var sqlite = string.Equals(Get("--db"), "sqlite", StringComparison.OrdinalIgnoreCase);
        var redisOn = !string.Equals(Get("--redis"), "off", StringComparison.OrdinalIgnoreCase);
        var topologies = sqlite || !redisOn ? new[] { 1 } : (Get("--instances") ?? "1,2").Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();

        var total = Stopwatch.StartNew();
        var work = Directory.CreateTempSubdirectory("factdesk-scale-").FullName;
        // PostgreSQL runs as its own OS user when we are root: it must be able to reach its folder inside this one.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(work, (UnixFileMode)0b111_101_101);
        var log = new StringBuilder();
        void Say(string line) { Console.WriteLine(line); log.AppendLine(line); }

        var serverDir = o.ServerDir ?? await LoadTool.PublishAsync(LoadTool.FindRepo(), Path.Combine(work, "publish"));
        await using var postgres = await LocalPostgres.StartAsync(Path.Combine(work, "pg"));
        using var redis = LocalRedis.Start(Path.Combine(work, "redis.log"), out var redisPort);
        var urls = new[] { $"http://127.0.0.1:{LoadTool.FreePort()}", $"http://127.0.0.1:{LoadTool.FreePort()}" };
        Process StartInstance(int i)
        {
            var env = new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = urls[i],
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["FactDesk__Admin__Email"] = LoadTool.AdminEmail,
                ["FactDesk__Admin__Password"] = LoadTool.AdminPassword,
            };
            if (sqlite)
            {
                env["ConnectionStrings__FactDesk"] = $"Data Source={Path.Combine(work, "factdesk.db")}";
                env["FactDesk__KeysPath"] = Path.Combine(work, "keys");
            }
            else
            {
                env["FactDesk__Database__Provider"] = "Postgres";
                env["ConnectionStrings__FactDesk"] = postgres.ConnectionString("factdesk");
            }
            if (redisOn) env["ConnectionStrings__Redis"] = $"127.0.0.1:{redisPort},abortConnect=false";
            return LoadTool.StartProcess("dotnet", [Path.Combine(serverDir, "FactDesk.Web.dll")], serverDir, Path.Combine(work, $"instance{i}.log"), env);
        }

        Process? a = null, b = null;
        try
        {
            a = StartInstance(0);
            using var http = new HttpClient { BaseAddress = new Uri(urls[0]), Timeout = TimeSpan.FromSeconds(120) };
            await LoadTool.WaitHealthyAsync(http, "/healthz", a);

            Say($"# Live review across instances — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            Say($"- machine: {Environment.ProcessorCount} logical cores, {LoadTool.CpuModel()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
            Say($"- load average at start: {LoadTool.LoadAverage()}");
            Say($"- servers: published FactDesk.Web (Release, Production), each its own process, on {(sqlite ? "SQLite" : $"PostgreSQL {postgres.Version} (loopback, fsync on)")}{(redisOn ? " and redis-server (loopback, no persistence)" : ", without Redis")}; the load clients run in this process on the same cores");

            var tokens = new List<string>();
            for (int i = 0; i < 4; i++) tokens.Add(await LoadTool.CreateTokenAsync(http));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[0]);
            var (articleId, claims, words) = await LoadTool.ImportArticleAsync(http);
            Say($"- article {articleId}: {words:N0} generated words, {claims.Count} claims");

            await using (var warm = await HubClients.ConnectAsync(urls[0], tokens, articleId, 10, 10, 10, claims.Skip(20).ToList()))
                Say("- warm-up, not counted: " + LoadTool.Describe("one", 10, 100, await LoadTool.StepAsync(warm, 100, o with { Warmup = 0, Seconds = 5 }), isHub: true));

            var rows = new List<(int N, int Instances, int Rate, StepResult R)>();
            foreach (var n in ns)
            {
                var writers = Math.Min(n, o.MaxWriters);
                var sampled = Math.Min(n, o.MaxSampled);
                foreach (var instances in topologies)
                {
                    if (instances == 2)
                    {
                        b = StartInstance(1);
                        using var httpB = new HttpClient { BaseAddress = new Uri(urls[1]) };
                        await LoadTool.WaitHealthyAsync(httpB, "/healthz", b);
                        await using var warmB = await HubClients.ConnectAsync(urls, tokens, articleId, 10, 10, 10, claims.Skip(20).ToList());
                        await LoadTool.StepAsync(warmB, 100, o with { Warmup = 0, Seconds = 3 });
                    }
                    var clients = await HubClients.ConnectAsync(urls.Take(instances).ToList(), tokens, articleId, n, writers, sampled, claims);
                    try
                    {
                        await Task.Delay(1500);
                        Say($"\n## N = {n} on {instances} instance{(instances == 1 ? "" : "s")} (writers {writers}, sampled receivers {sampled}); load avg {LoadTool.LoadAverage()}");
                        foreach (var rate in rates)
                        {
                            if (total.Elapsed > TimeSpan.FromMinutes(12)) { Say("(time budget reached; remaining steps skipped)"); break; }
                            var r = await LoadTool.StepAsync(clients, rate, o);
                            rows.Add((n, instances, rate, r));
                            Say(LoadTool.Describe(instances == 1 ? "one" : "two", n, rate, r, isHub: true));
                            if (!(r.AcceptedPerSecond >= 0.8 * rate && r.Lost == 0 && r.P99Ms < 1000)) break;
                        }
                    }
                    finally
                    {
                        await clients.DisposeAsync();
                    }
                    if (b is not null)
                    {
                        LoadTool.Kill(b);
                        b.Dispose();
                        b = null;
                    }
                }
            }

            // How many reviewers one instance holds: N joined clients, a steady trickle of changes, p99 under 250 ms.
            Say($"\n## Reviewers one instance holds (changes at {holdRate}/s by 10 writers; every other client receives every change)");
            var holdRows = new List<(int N, StepResult R, long RssKb)>();
            foreach (var n in holds)
            {
                if (total.Elapsed > TimeSpan.FromMinutes(20)) { Say("(time budget reached; remaining steps skipped)"); break; }
                HubClients? clients = null;
                try
                {
                    clients = await HubClients.ConnectAsync(urls[0], tokens, articleId, n, Math.Min(n, 10), Math.Min(n, o.MaxSampled), claims);
                    await Task.Delay(2000);
                    var r = await LoadTool.StepAsync(clients, holdRate, o with { Seconds = 6, Drain = 3 });
                    var rss = LoadTool.Rss(a.Id);
                    holdRows.Add((n, r, rss));
                    Say($"N={n,5}: stored {r.AcceptedPerSecond:F0}/s, p50 {r.P50Ms:F2} ms, p99 {r.P99Ms:F2} ms, lost {r.Lost}, errors {r.Errors}, server RSS {rss / 1024.0:F0} MB, load avg {LoadTool.LoadAverage()}");
                    if (r.P99Ms >= HoldP99Ms || r.Lost > 0) break;
                }
                catch (Exception ex)
                {
                    Say($"N={n,5}: could not connect and join all clients: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
                    break;
                }
                finally
                {
                    if (clients is not null) await clients.DisposeAsync();
                }
            }

            Say("\n## Summary\n");
            Say($"Stored changes/s and change-to-receive latency (ms). Sustained = p99 < 100 ms, ≥ 95 % stored, nothing lost.\n");
            Say("| N | instances | p50 / p99 at " + rates[0] + "/s | highest sustained rate | p99 at that rate |");
            Say("|---:|---:|---|---:|---:|");
            foreach (var g in rows.GroupBy(r => (r.N, r.Instances)))
            {
                var first = g.First(r => r.Rate == rates[0]).R;
                var best = g.Where(r => LoadTool.Sustained(r.R, r.Rate, r.N, true)).OrderByDescending(r => r.Rate).FirstOrDefault();
                Say($"| {g.Key.N} | {g.Key.Instances} | {first.P50Ms:F2} / {first.P99Ms:F2} | {(best.R is null ? "< " + rates[0] + "/s" : $"{best.R.AcceptedPerSecond:F0}/s (step {best.Rate})")} | {(best.R is null ? "–" : best.R.P99Ms.ToString("F2", CultureInfo.InvariantCulture))} |");
            }
            var held = holdRows.Where(h => h.R.P99Ms < HoldP99Ms && h.R.Lost == 0).Select(h => h.N).DefaultIfEmpty(0).Max();
            Say($"\nOne instance holds **{(held == 0 ? "< " + holds[0] : "≥ " + held)}** joined reviewers with p99 < {HoldP99Ms} ms at {holdRate} changes/s (steps {string.Join(", ", holds)}).");
            Say($"\nTotal run time {total.Elapsed.TotalSeconds:F0} s; load average at end {LoadTool.LoadAverage()}");
            var outDir = Path.Combine(AppContext.BaseDirectory, "load-results");
            Directory.CreateDirectory(outDir);
            var file = Path.Combine(outDir, $"scale-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
            await File.WriteAllTextAsync(file, log.ToString());
            Console.WriteLine($"Written to {file}");
        }
        finally
        {
            if (a is not null) LoadTool.Kill(a);
            if (b is not null) LoadTool.Kill(b);
            LoadTool.Kill(redis);
        }
    }
}

/// <summary>A throw-away PostgreSQL cluster in a folder, on a free loopback port, trusting local connections.</summary>
internal sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _dataDir;
    private readonly string _bin;
    private readonly int _port;
    private readonly bool _asPostgresUser;

    private LocalPostgres(string dataDir, string bin, int port, bool asPostgresUser, string version) =>
        (_dataDir, _bin, _port, _asPostgresUser, Version) = (dataDir, bin, port, asPostgresUser, version);

    public string Version { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Maximum Pool Size=200;Timeout=15";

    public static async Task<LocalPostgres> StartAsync(string folder)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null) throw new InvalidOperationException("PostgreSQL is not installed: apt-get install -y postgresql");
        // initdb and postgres refuse to run as root.
        var asPostgres = Environment.UserName == "root";
        Directory.CreateDirectory(folder);
        if (asPostgres) await RunAsync("chown", ["-R", "postgres:postgres", folder]);
        var data = Path.Combine(folder, "data");
        var pg = new LocalPostgres(data, bin, LoadTool.FreePort(), asPostgres, Path.GetFileName(Path.GetDirectoryName(bin)!));
        await pg.RunPgAsync("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
        await pg.RunPgAsync("pg_ctl", ["-D", data, "-l", Path.Combine(folder, "postgres.log"), "-w", "-t", "60",
            "-o", $"-p {pg._port} -c listen_addresses=127.0.0.1 -k {folder} -c max_connections=300", "start"]);
        return pg;
    }

    private Task RunPgAsync(string tool, string[] args) => _asPostgresUser
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
        : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {await stdout}{await stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        try { await RunPgAsync("pg_ctl", ["-D", _dataDir, "-m", "immediate", "-w", "stop"]); }
        catch (InvalidOperationException) { }
    }
}

internal static class LocalRedis
{
    public static Process Start(string logPath, out int port)
    {
        if (!File.Exists("/usr/bin/redis-server")) throw new InvalidOperationException("Redis is not installed: apt-get install -y redis-server");
        port = LoadTool.FreePort();
        return LoadTool.StartProcess("/usr/bin/redis-server",
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            Path.GetTempPath(), logPath, []);
    }
}
