using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FactDesk.Core.Claims;
using FactDesk.Core.Import;
using Microsoft.AspNetCore.SignalR.Client;

namespace FactDesk.Benchmarks.Load;

/// <summary>
/// Live review load (issue #3, "Performance"): N hub clients on one article against a raw WebSocket relay floor,
/// interleaved, on loopback; then memory per idle Blazor circuit on the review page.
/// <code>dotnet run -c Release --project tests/FactDesk.Benchmarks -- load [--n 1,10,50,200] [--seconds 5] [--rates 100,250,500,1000,2000,3000] [--circuits 20] [--rounds 1] [--server &lt;published dir&gt;]</code>
/// </summary>
public static class LoadTool
{
    internal const string AdminEmail = "load-admin@desk.test";
    internal const string AdminPassword = "load-bench-password-1";
    private const double MaxP99Ms = 100;

    internal sealed record Options(int[] Ns, double Seconds, double Warmup, double Drain, int[] Rates, int Circuits, string? ServerDir, int MaxWriters, int MaxSampled, int Rounds = 1);

    /// <summary>One measured step; with <c>--rounds K</c> every (N, rate) is measured K times, floor and FactDesk alternating.</summary>
    private sealed record Row(int N, string System, int Rate, StepResult R, int Round = 1);

    public static async Task RunAsync(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var o = Parse(args);
        var total = Stopwatch.StartNew();
        var work = Directory.CreateTempSubdirectory("factdesk-load-").FullName;
        var log = new StringBuilder();
        void Say(string line) { Console.WriteLine(line); log.AppendLine(line); }

        var repo = FindRepo();
        var serverDir = o.ServerDir ?? await PublishAsync(repo, Path.Combine(work, "publish"));
        var gcServer = File.ReadAllText(Path.Combine(serverDir, "FactDesk.Web.runtimeconfig.json")).Contains("\"System.GC.Server\": true", StringComparison.Ordinal);

        var fdPort = FreePort();
        var relayPort = FreePort();
        var fdUrl = $"http://127.0.0.1:{fdPort}";
        using var server = StartProcess("dotnet", [Path.Combine(serverDir, "FactDesk.Web.dll")], serverDir, Path.Combine(work, "server.log"), new()
        {
            ["ASPNETCORE_URLS"] = fdUrl,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__FactDesk"] = $"Data Source={Path.Combine(work, "factdesk.db")}",
            ["FactDesk__KeysPath"] = Path.Combine(work, "keys"),
            ["FactDesk__Admin__Email"] = AdminEmail,
            ["FactDesk__Admin__Password"] = AdminPassword,
        });
        // The floor runs as the same kind of process: its own dotnet host, the same GC mode as the published server.
        using var relay = StartProcess("dotnet", [typeof(LoadTool).Assembly.Location, "relay", "--port", relayPort.ToString(CultureInfo.InvariantCulture)],
            AppContext.BaseDirectory, Path.Combine(work, "relay.log"), new() { ["DOTNET_gcServer"] = gcServer ? "1" : "0" });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(fdUrl), Timeout = TimeSpan.FromSeconds(120) };
            await WaitHealthyAsync(http, "/healthz", server);
            using (var relayHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{relayPort}") })
                await WaitHealthyAsync(relayHttp, "/healthz", relay);

            Say($"# Live review load — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            Say($"- machine: {Environment.ProcessorCount} logical cores, {CpuModel()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
            Say($"- load average at start: {LoadAverage()}");
            Say($"- server: published FactDesk.Web (Release), Production, {(gcServer ? "Server GC" : "workstation GC")} (runtimeconfig), pid {server.Id}; relay pid {relay.Id}, DOTNET_gcServer={(gcServer ? 1 : 0)}");

            // Seed: tokens for the Editor, one long article with ~500 suggested claims.
            var tokens = new List<string>();
            for (int i = 0; i < 4; i++) tokens.Add(await CreateTokenAsync(http));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[0]);
            var (articleId, claims, words) = await ImportArticleAsync(http);
            Say($"- article {articleId}: {words:N0} generated words, {claims.Count} claims");

            var payloadBytes = await CalibrateAsync(fdUrl, tokens, articleId, claims);
            Say($"- payload: one Events message of one claim.updated Event with a unique conclusion = {payloadBytes} bytes on the wire (SignalR JSON frame); the floor sends JSON messages padded to the same size");

            // Warm both servers (JIT tiering, pools, SQLite page cache) with 10 writers at 100/s for 5 s; not reported.
            await using (var warmFloor = await RelayClients.ConnectAsync($"ws://127.0.0.1:{relayPort}/ws", 10, 10, 10, payloadBytes))
                Say("- warm-up, not counted: " + Describe("floor   ", 10, 100, await StepAsync(warmFloor, 100, o with { Warmup = 0, Seconds = 5 }), isHub: false));
            await using (var warmHub = await HubClients.ConnectAsync(fdUrl, tokens, articleId, 10, 10, 10, claims.Skip(20).ToList()))
                Say("- warm-up, not counted: " + Describe("factdesk", 10, 100, await StepAsync(warmHub, 100, o with { Warmup = 0, Seconds = 5 }), isHub: true));

            var rows = new List<Row>();
            var memory = new List<(int N, double HubKb, double RelayKb)>();
            foreach (var n in o.Ns)
            {
                var writers = Math.Min(n, o.MaxWriters);
                var sampled = Math.Min(n, o.MaxSampled);
                var relayBefore = Rss(relay.Id);
                await using var floor = await RelayClients.ConnectAsync($"ws://127.0.0.1:{relayPort}/ws", n, writers, sampled, payloadBytes);
                await Task.Delay(1500);
                var relayAfter = Rss(relay.Id);
                var hubBefore = Rss(server.Id);
                await using var hub = await HubClients.ConnectAsync(fdUrl, tokens, articleId, n, writers, sampled, claims);
                await Task.Delay(2000);
                var hubAfter = Rss(server.Id);
                memory.Add((n, (hubAfter - hubBefore) / (double)n, (relayAfter - relayBefore) / (double)n));
                Say($"\n## N = {n} (writers {writers}, sampled receivers {sampled}); server RSS {hubBefore / 1024.0:F0}→{hubAfter / 1024.0:F0} MB, relay RSS {relayBefore / 1024.0:F0}→{relayAfter / 1024.0:F0} MB; load avg {LoadAverage()}");

                bool floorGoing = true, hubGoing = true;
                foreach (var rate in o.Rates)
                {
                    if (!floorGoing && !hubGoing) break;
                    if (total.Elapsed > TimeSpan.FromMinutes(8 * o.Rounds)) { Say("(time budget reached; remaining steps skipped)"); break; }
                    bool floorOk = true, hubOk = true;
                    for (var round = 1; round <= o.Rounds; round++)
                    {
                        var tag = o.Rounds > 1 ? $" (round {round})" : "";
                        if (floorGoing)
                        {
                            var r = await StepAsync(floor, rate, o);
                            rows.Add(new Row(n, "floor", rate, r, round));
                            Say(Describe("floor   ", n, rate, r, isHub: false) + tag);
                            floorOk &= KeepGoing(r, rate, n, false);
                        }
                        if (hubGoing)
                        {
                            var r = await StepAsync(hub, rate, o);
                            rows.Add(new Row(n, "factdesk", rate, r, round));
                            Say(Describe("factdesk", n, rate, r, isHub: true) + tag);
                            hubOk &= KeepGoing(r, rate, n, true);
                        }
                    }
                    floorGoing &= floorOk;
                    hubGoing &= hubOk;
                }
            }

            // Blazor circuits: K signed-in Chromium pages idle on the review page of the 500-claim article.
            double? circuitKb = null;
            string circuitNote = "";
            if (server.HasExited)
            {
                circuitNote = $"skipped: the FactDesk server exited with code {server.ExitCode} during the run; last log lines: "
                    + string.Join(" / ", File.ReadLines(Path.Combine(work, "server.log")).TakeLast(8));
                Say(circuitNote);
            }
            else if (o.Circuits > 0)
            {
                try
                {
                    (circuitKb, circuitNote) = await Circuits.MeasureAsync(fdUrl, articleId, AdminEmail, AdminPassword, o.Circuits, server.Id, Say);
                }
                catch (Exception ex)
                {
                    circuitNote = "circuit measurement failed: " + ex.GetType().Name + ": " + ex.Message.Split('\n')[0]
                        + (server.HasExited ? $" (server exited with {server.ExitCode}; last log lines: {string.Join(" / ", File.ReadLines(Path.Combine(work, "server.log")).TakeLast(8))})" : "");
                    Say(circuitNote);
                }
            }

            Say("\n## Summary\n");
            Say(Summary(o, rows, memory, circuitKb, circuitNote));
            Say($"\nTotal run time {total.Elapsed.TotalSeconds:F0} s; load average at end {LoadAverage()}; server log {Path.Combine(work, "server.log")}");
            var outDir = Path.Combine(AppContext.BaseDirectory, "load-results");
            Directory.CreateDirectory(outDir);
            var file = Path.Combine(outDir, $"load-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
            await File.WriteAllTextAsync(file, log.ToString());
            Console.WriteLine($"Written to {file}");
        }
        finally
        {
            Kill(server);
            Kill(relay);
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    internal static async Task<StepResult> StepAsync(ILoadClients clients, int rate, Options o)
    {
        var f = Stopwatch.Frequency;
        var t0 = Stopwatch.GetTimestamp();
        var start = t0 + (long)(o.Warmup * f);
        var end = start + (long)(o.Seconds * f);
        clients.Recorder.Begin(start, end);
        long sent = 0;
        // Open loop: send what the clock says is due, round-robin over the writers; never more than 2 s of backlog.
        var maxInFlight = Math.Max(200, rate * 2);
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end) break;
            var due = (long)((now - t0) * (double)rate / f);
            while (sent < due)
            {
                if (clients.InFlight > maxInFlight)
                {
                    if (now >= start) clients.Recorder.Skipped(due - sent);
                    sent = due;
                    break;
                }
                clients.Send((int)(sent % clients.Writers), sent);
                sent++;
            }
            await Task.Delay(1);
        }
        // Drain: wait for the window's changes to arrive (bounded); what has not arrived by then counts as lost.
        var drainEnd = Stopwatch.GetTimestamp() + (long)(o.Drain * f);
        while (Stopwatch.GetTimestamp() < drainEnd && clients.InFlight > 0) await Task.Delay(20);
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(0.5, o.Drain)));
        return clients.Recorder.End(clients.Expected(), o.Seconds, acceptedIsSent: clients is RelayClients);
    }

    internal static double P50(StepResult r, int n, bool hub) => hub && n == 1 ? r.AckP50Ms : r.P50Ms;
    internal static double P99(StepResult r, int n, bool hub) => hub && n == 1 ? r.AckP99Ms : r.P99Ms;

    internal static bool Sustained(StepResult r, int rate, int n, bool hub) =>
        P99(r, n, hub) < MaxP99Ms && r.AcceptedPerSecond >= 0.95 * rate && r.Lost == 0 && r.Skipped == 0;

    // A failed step does not end the sweep unless the system is far behind: the next step may still be informative.
    private static bool KeepGoing(StepResult r, int rate, int n, bool hub) =>
        r.AcceptedPerSecond >= 0.8 * rate && r.Lost == 0 && r.Skipped == 0 && P99(r, n, hub) < 1000;

    internal static string Describe(string system, int n, int rate, StepResult r, bool isHub) =>
        (
            $"{system} N={n,3} target {rate,5}/s: {(isHub ? "stored" : "sent")} {r.AcceptedPerSecond,7:F0}/s, p50 {P50(r, n, isHub),8:F2} ms, p99 {P99(r, n, isHub),8:F2} ms" +
            (isHub ? $", author reply p50 {r.AckP50Ms:F2} / p99 {r.AckP99Ms:F2} ms, conflicts {r.Conflicts}, errors {r.Errors}" : "") +
            $", deliveries {r.Received}/{r.Expected}, skipped {r.Skipped} → {(Sustained(r, rate, n, isHub) ? "sustained" : "NOT sustained")}");

    private static string Summary(Options o, List<Row> rows, List<(int N, double HubKb, double RelayKb)> memory, double? circuitKb, string circuitNote)
    {
        var sb = new StringBuilder();
        var baseRate = o.Rates[0];
        sb.AppendLine(( $"Latency at {baseRate} changes/s (ms); max sustained = highest target step with p99 < {MaxP99Ms} ms, ≥ 95 % of the target achieved (stored, for FactDesk), nothing lost" +
            (o.Rounds > 1 ? $", in every one of its {o.Rounds} rounds. Latencies are medians over the rounds; the ratio is the median of each round's FactDesk p99 / floor p99 (the two measured back to back)." : ".") + "\n"));
        sb.AppendLine("| N | floor p50 | floor p99 | FactDesk p50 | FactDesk p99 | p99 ratio | floor max sustained (/s) | FactDesk max sustained (stored/s) | server RSS per hub client | relay RSS per socket | RSS per idle circuit |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var n in o.Ns)
        {
            var fs = rows.Where(r => r.N == n && r.System == "floor" && r.Rate == baseRate).ToList();
            var hs = rows.Where(r => r.N == n && r.System == "factdesk" && r.Rate == baseRate).ToList();
            if (fs.Count == 0 || hs.Count == 0) continue;
            var ratios = hs.Select(h => P99(h.R, n, true) / P99(fs.FirstOrDefault(f => f.Round == h.Round)?.R ?? fs[0].R, n, false)).ToList();
            int MaxSustained(string system, bool hub) => rows.Where(r => r.N == n && r.System == system).GroupBy(r => r.Rate)
                .Where(g => g.All(r => Sustained(r.R, r.Rate, n, hub))).Select(g => g.Key).DefaultIfEmpty(0).Max();
            var fMax = MaxSustained("floor", false);
            var hMax = MaxSustained("factdesk", true);
            var hMaxStored = Median(rows.Where(r => r.N == n && r.System == "factdesk" && r.Rate == hMax).Select(r => r.R.AcceptedPerSecond).DefaultIfEmpty(0));
            var mem = memory.First(m => m.N == n);
            sb.AppendLine((
                $"| {n} | {Median(fs.Select(f => P50(f.R, n, false))):F2} | {Median(fs.Select(f => P99(f.R, n, false))):F2} | {Median(hs.Select(h => P50(h.R, n, true))):F2} | {Median(hs.Select(h => P99(h.R, n, true))):F2} | {Median(ratios):F2}× | {(fMax == 0 ? "< " + baseRate : "≥ " + fMax)} | {(hMax == 0 ? "< " + baseRate : $"≥ {hMax} ({hMaxStored:F0})")} | {mem.HubKb:F0} KB | {mem.RelayKb:F0} KB | {(n == o.Ns.Max() && circuitKb is { } c ? $"{c:F0} KB" : "")} |"));
        }
        sb.AppendLine();
        sb.AppendLine("Every step (ms; p99 ratio = FactDesk p99 / floor p99 at the same target rate):\n");
        sb.AppendLine("| N | target/s" + (o.Rounds > 1 ? " | round" : "") + " | floor achieved/s | floor p50 | floor p99 | FactDesk stored/s | FactDesk p50 | FactDesk p99 | ratio | author reply p50 / p99 | conflicts | lost (floor / FactDesk) |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + (o.Rounds > 1 ? "---:|" : ""));
        foreach (var g in rows.GroupBy(r => (r.N, r.Rate, r.Round)))
        {
            var f = g.FirstOrDefault(r => r.System == "floor");
            var h = g.FirstOrDefault(r => r.System == "factdesk");
            string Fmt(double v) => double.IsPositiveInfinity(v) ? "∞ (lost)" : v.ToString("F2", CultureInfo.InvariantCulture);
            sb.AppendLine((
                $"| {g.Key.N} | {g.Key.Rate}{(o.Rounds > 1 ? $" | {g.Key.Round}" : "")} | {(f is null ? "–" : f.R.AcceptedPerSecond.ToString("F0", CultureInfo.InvariantCulture))} | {(f is null ? "–" : Fmt(P50(f.R, g.Key.N, false)))} | {(f is null ? "–" : Fmt(P99(f.R, g.Key.N, false)))} | " +
                $"{(h is null ? "–" : h.R.AcceptedPerSecond.ToString("F0", CultureInfo.InvariantCulture))} | {(h is null ? "–" : Fmt(P50(h.R, g.Key.N, true)))} | {(h is null ? "–" : Fmt(P99(h.R, g.Key.N, true)))} | " +
                $"{(f is null || h is null ? "–" : (P99(h.R, g.Key.N, true) / P99(f.R, g.Key.N, false)).ToString("F2", CultureInfo.InvariantCulture) + "×")} | {(h is null ? "–" : $"{h.R.AckP50Ms:F2} / {h.R.AckP99Ms:F2}")} | {(h is null ? "–" : h.R.Conflicts)} | {(f is null ? "–" : f.R.Lost)} / {(h is null ? "–" : h.R.Lost)} |"));
        }
        if (circuitNote.Length > 0) sb.AppendLine().AppendLine("Circuits: " + circuitNote);
        return sb.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToList();
        return v.Count == 0 ? 0 : v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }

    private static async Task<int> CalibrateAsync(string baseUrl, IReadOnlyList<string> tokens, int articleId, IReadOnlyList<(int Id, int Version)> claims)
    {
        await using var a = HubClients.Build(baseUrl, tokens[0]);
        await using var b = HubClients.Build(baseUrl, tokens[1]);
        var got = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.On<JsonElement>("Events", e => got.TrySetResult(e.GetRawText()));
        await a.StartAsync();
        await b.StartAsync();
        await a.InvokeAsync<JsonElement>("JoinArticle", articleId, 1_000_000);
        await b.InvokeAsync<JsonElement>("JoinArticle", articleId, 1_000_000);
        // A claim no writer uses, with a conclusion as long as the writers' ones.
        var (id, version) = claims[^1];
        var conclusion = Payload.Make(9, 999_999, Stopwatch.GetTimestamp());
        await a.InvokeAsync<JsonElement>("UpdateClaim", id, new Dictionary<string, object> { ["version"] = version, ["conclusion"] = conclusion });
        var raw = await got.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // {"type":1,"target":"Events","arguments":[ <events> ]}␞ around the argument.
        return Encoding.UTF8.GetByteCount(raw) + Encoding.UTF8.GetByteCount("{\"type\":1,\"target\":\"Events\",\"arguments\":[]}\u001e");
    }

    internal static async Task<(int Id, List<(int Id, int Version)> Claims, int Words)> ImportArticleAsync(HttpClient http)
    {
        // The smallest generated article whose import suggests at least 500 claims (default threshold).
        string text = "";
        int words = 10_000;
        for (; words <= 40_000; words += 1_000)
        {
            text = ArticleGenerator.Generate(words, withSidebar: false);
            var body = ArticleImporter.FromText(text).ComposeBody();
            if (new ClaimSpotter().Suggest(body).Count >= 500) break;
        }
        using var response = await http.PostAsJsonAsync("/api/articles", new { text, title = "Load test: talks continue via a Swiss backchannel", outlet = "Reuters" });
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Import failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();
        var claims = await http.GetFromJsonAsync<JsonElement>($"/api/articles/{id}/claims");
        var list = claims.EnumerateArray().Select(c => (c.GetProperty("id").GetInt32(), c.GetProperty("version").GetInt32())).ToList();
        return (id, list, words);
    }

    internal static async Task<string> CreateTokenAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AdminEmail}:{AdminPassword}")));
        request.Content = JsonContent.Create(new { name = "load " + Guid.NewGuid().ToString("N")[..6] });
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Token failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    internal static async Task<string> PublishAsync(string repo, string output)
    {
        Console.WriteLine($"Publishing FactDesk.Web (Release) to {output} …");
        var psi = new ProcessStartInfo("dotnet", ["publish", Path.Combine(repo, "src", "FactDesk.Web", "FactDesk.Web.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "q"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(4))) { p.Kill(true); throw new TimeoutException("dotnet publish took over 4 minutes"); }
        if (p.ExitCode != 0) throw new InvalidOperationException("dotnet publish failed:\n" + await stdout + await stderr);
        return output;
    }

    internal static Process StartProcess(string file, string[] args, string workingDirectory, string logPath, Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        var writer = new StreamWriter(logPath) { AutoFlush = true };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    internal static void Kill(Process p)
    {
        try { if (!p.HasExited) { p.Kill(entireProcessTree: true); p.WaitForExit(5000); } } catch (InvalidOperationException) { }
    }

    internal static async Task WaitHealthyAsync(HttpClient http, string path, Process p)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (p.HasExited) throw new InvalidOperationException($"Process {p.Id} exited with {p.ExitCode} before it was ready.");
            try
            {
                using var r = await http.GetAsync(path);
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{http.BaseAddress}{path} did not answer in 60 s.");
    }

    /// <summary>VmRSS of a process, in KB.</summary>
    public static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }

    internal static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    internal static string CpuModel() =>
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?" : "?";

    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    internal static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "src", "FactDesk.Web", "FactDesk.Web.csproj"))) return dir.FullName;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "src", "FactDesk.Web", "FactDesk.Web.csproj"))) return dir.FullName;
        throw new InvalidOperationException("Run from inside the FactDesk repository (src/FactDesk.Web not found).");
    }

    internal static Options Parse(string[] args)
    {
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        int[] Ints(string? s, int[] d) => s is null ? d : s.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        double D(string? s, double d) => s is null ? d : double.Parse(s, CultureInfo.InvariantCulture);
        return new Options(
            Ints(Get("--n"), [1, 10, 50, 200]),
            D(Get("--seconds"), 4),
            D(Get("--warmup"), 1),
            D(Get("--drain"), 2),
            Ints(Get("--rates"), [100, 500, 1000, 2000, 3000]),
            (int)D(Get("--circuits"), 20),
            Get("--server"),
            (int)D(Get("--writers"), 10),
            (int)D(Get("--sampled"), 20),
            Math.Max(1, (int)D(Get("--rounds"), 1)));
    }
}
