using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Benchmarks.Load;

/// <summary>What one measured step produced.</summary>
public sealed record StepResult(
    long Sent, long Accepted, long Conflicts, long Errors, long Expected, long Received, long Skipped,
    double P50Ms, double P99Ms, double AckP50Ms, double AckP99Ms, double Seconds)
{
    public long Lost => Math.Max(0, Expected - Received);
    public double AcceptedPerSecond => Accepted / Seconds;
}

/// <summary>
/// Latencies and counters of one step. A change carries its send timestamp (Stopwatch ticks of this process); only
/// changes sent inside the measurement window count. Each sampled receiver appends to its own list.
/// </summary>
public sealed class Recorder
{
    private long _start, _end;
    private long _sent, _accepted, _conflicts, _errors, _received, _skipped;
    private readonly List<long>[] _latency;
    private readonly List<long> _ack = new(1 << 16);

    public Recorder(int receivers)
    {
        _latency = new List<long>[Math.Max(1, receivers)];
        for (int i = 0; i < _latency.Length; i++) _latency[i] = new List<long>(1 << 16);
    }

    public void Begin(long start, long end)
    {
        foreach (var l in _latency) lock (l) l.Clear();
        lock (_ack) _ack.Clear();
        _sent = _accepted = _conflicts = _errors = _received = _skipped = 0;
        Volatile.Write(ref _end, end);
        Volatile.Write(ref _start, start);
    }

    public long SentInWindow => Interlocked.Read(ref _sent);
    public long AcceptedInWindow => Interlocked.Read(ref _accepted);

    public bool InWindow(long ts) => ts >= Volatile.Read(ref _start) && ts < Volatile.Read(ref _end);

    public void Sent(long ts) { if (InWindow(ts)) Interlocked.Increment(ref _sent); }
    public void Skipped(long count) => Interlocked.Add(ref _skipped, count);

    public void Ack(long ts, long now, bool accepted, bool conflict)
    {
        if (!InWindow(ts)) return;
        if (accepted) Interlocked.Increment(ref _accepted);
        else if (conflict) Interlocked.Increment(ref _conflicts);
        else Interlocked.Increment(ref _errors);
        lock (_ack) _ack.Add(now - ts);
    }

    public void Error(long ts) { if (InWindow(ts)) Interlocked.Increment(ref _errors); }

    public void Receive(int receiver, long ts, long now)
    {
        if (!InWindow(ts)) return;
        Interlocked.Increment(ref _received);
        var list = _latency[receiver];
        lock (list) list.Add(now - ts);
    }

    /// <param name="expected">Deliveries to sampled receivers the step should have produced; the missing ones count as infinitely late.</param>
    public StepResult End(long expected, double seconds, bool acceptedIsSent)
    {
        var all = new List<long>();
        foreach (var l in _latency) lock (l) all.AddRange(l);
        long[] acks;
        lock (_ack) acks = _ack.ToArray();
        var received = Interlocked.Read(ref _received);
        for (long i = received; i < expected; i++) all.Add(long.MaxValue);
        all.Sort();
        Array.Sort(acks);
        var sent = Interlocked.Read(ref _sent);
        return new StepResult(sent, acceptedIsSent ? sent : Interlocked.Read(ref _accepted), _conflicts, _errors, expected, received, _skipped,
            Percentile(all, 0.50), Percentile(all, 0.99), Percentile(acks, 0.50), Percentile(acks, 0.99), seconds);
    }

    private static double Percentile(IReadOnlyList<long> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var v = sorted[(int)Math.Ceiling(p * sorted.Count) - 1 < 0 ? 0 : (int)Math.Ceiling(p * sorted.Count) - 1];
        return v == long.MaxValue ? double.PositiveInfinity : v * 1000.0 / Stopwatch.Frequency;
    }
}

/// <summary>N connected clients of one system; the first <see cref="Writers"/> send changes, the first <see cref="Sampled"/> record latency.</summary>
public interface ILoadClients : IAsyncDisposable
{
    int N { get; }
    int Writers { get; }
    int Sampled { get; }
    Recorder Recorder { get; }
    long InFlight { get; }
    void Send(int writer, long seq);
    /// <summary>Deliveries to sampled receivers expected for the changes of the window.</summary>
    long Expected();
}

/// <summary>FactDesk hub clients: each its own HubConnection (WebSockets), joined to the article.</summary>
public sealed class HubClients : ILoadClients
{
    private readonly List<HubConnection> _connections = [];
    private readonly int[] _claimIds;
    private readonly int[] _nextVersion;
    private long _completed, _issued;
    private static int _maxEventNumber;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, int> Versions = new();

    public int N { get; }
    public int Writers { get; }
    public int Sampled { get; }
    public Recorder Recorder { get; }
    public long InFlight => Interlocked.Read(ref _issued) - Interlocked.Read(ref _completed);
    public static int MaxEventNumber => Volatile.Read(ref _maxEventNumber);

    private HubClients(int n, int writers, int sampled, IReadOnlyList<(int Id, int Version)> claims)
    {
        N = n;
        Writers = writers;
        Sampled = sampled;
        Recorder = new Recorder(sampled);
        _claimIds = claims.Take(writers).Select(c => c.Id).ToArray();
        // Versions carry over from one client set to the next (the same claims are written at every N).
        _nextVersion = claims.Take(writers).Select(c => Versions.GetOrAdd(c.Id, c.Version)).ToArray();
    }

    public static HubConnection Build(string baseUrl, string token) =>
        new HubConnectionBuilder()
            .WithUrl(baseUrl + "/hubs/review", o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();

    public static Task<HubClients> ConnectAsync(string baseUrl, IReadOnlyList<string> tokens, int articleId, int n,
        int writers, int sampled, IReadOnlyList<(int Id, int Version)> claims) =>
        ConnectAsync([baseUrl], tokens, articleId, n, writers, sampled, claims);

    /// <summary>Client i connects to <paramref name="baseUrls"/>[i mod count]: writers and sampled receivers alternate between instances.</summary>
    public static async Task<HubClients> ConnectAsync(IReadOnlyList<string> baseUrls, IReadOnlyList<string> tokens, int articleId, int n,
        int writers, int sampled, IReadOnlyList<(int Id, int Version)> claims)
    {
        var set = new HubClients(n, writers, sampled, claims);
        var connections = new HubConnection[n];
        await Parallel.ForAsync(0, n, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var connection = Build(baseUrls[i % baseUrls.Count], tokens[i % tokens.Count]);
            var receiver = i;
            connection.On<JsonElement>("Events", events => set.OnEvents(receiver, events));
            connection.On<JsonElement>("Presence", _ => { });
            await connection.StartAsync(ct);
            var backlog = await connection.InvokeAsync<JsonElement>("JoinArticle", articleId, MaxEventNumber, ct);
            foreach (var e in backlog.EnumerateArray()) NoteNumber(e);
            connections[i] = connection;
        });
        set._connections.AddRange(connections);
        return set;
    }

    private static void NoteNumber(JsonElement e)
    {
        var number = e.GetProperty("number").GetInt32();
        int seen;
        while ((seen = Volatile.Read(ref _maxEventNumber)) < number && Interlocked.CompareExchange(ref _maxEventNumber, number, seen) != seen) { }
    }

    private void OnEvents(int receiver, JsonElement events)
    {
        if (receiver >= Sampled) return;
        var now = Stopwatch.GetTimestamp();
        foreach (var e in events.EnumerateArray())
        {
            if (receiver == 0) NoteNumber(e);
            if (e.TryGetProperty("after", out var after) && after.ValueKind == JsonValueKind.Object
                && after.TryGetProperty("conclusion", out var c) && c.GetString() is { } text && Payload.TryParse(text, out _, out var ts))
                Recorder.Receive(receiver, ts, now);
        }
    }

    public void Send(int writer, long seq)
    {
        var connection = _connections[writer];
        var version = _nextVersion[writer]++;
        var ts = Stopwatch.GetTimestamp();
        var patch = new Dictionary<string, object> { ["version"] = version, ["conclusion"] = Payload.Make(writer, seq, ts) };
        Recorder.Sent(ts);
        Interlocked.Increment(ref _issued);
        var task = connection.InvokeAsync<JsonElement>("UpdateClaim", _claimIds[writer], patch);
        task.ContinueWith(t =>
        {
            var now = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _completed);
            if (!t.IsCompletedSuccessfully) { Recorder.Error(ts); return; }
            var status = t.Result.GetProperty("status");
            var s = status.ValueKind == JsonValueKind.String ? status.GetString() : status.GetInt32().ToString(CultureInfo.InvariantCulture);
            var ok = s is "ok" or "Ok" or "0";
            var conflict = s is "conflict" or "Conflict" or "4";
            if (conflict && t.Result.TryGetProperty("current", out var current) && current.ValueKind == JsonValueKind.Object)
                _nextVersion[writer] = current.GetProperty("version").GetInt32(); // resync; in-flight ones will conflict too
            Recorder.Ack(ts, now, ok, conflict);
        }, TaskScheduler.Default);
    }

    public long Expected() =>
        // Every stored change goes to every joined client but its author; with N = 1 the author's reply is the measure.
        N == 1 ? 0 : Recorder.AcceptedInWindow * (Sampled - 1);

    public async ValueTask DisposeAsync()
    {
        for (int w = 0; w < _claimIds.Length; w++) Versions[_claimIds[w]] = _nextVersion[w];
        await Parallel.ForEachAsync(_connections, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (c, _) =>
        {
            try { await c.StopAsync(); } catch (Exception) { }
            await c.DisposeAsync();
        });
    }
}

/// <summary>Raw WebSocket clients of the relay; same payload size, same writers, same sampled receivers.</summary>
public sealed class RelayClients : ILoadClients
{
    private readonly List<ClientWebSocket> _sockets = [];
    private readonly List<Task> _loops = [];
    private readonly Channel<byte[]>[] _outboxes;
    private readonly int _payloadBytes;
    private readonly CancellationTokenSource _stop = new();
    private long _queued, _written;

    public int N { get; }
    public int Writers { get; }
    public int Sampled { get; }
    public Recorder Recorder { get; }
    public long InFlight => Interlocked.Read(ref _queued) - Interlocked.Read(ref _written);

    private RelayClients(int n, int writers, int sampled, int payloadBytes)
    {
        N = n;
        Writers = writers;
        Sampled = sampled;
        _payloadBytes = payloadBytes;
        Recorder = new Recorder(sampled);
        _outboxes = Enumerable.Range(0, writers).Select(_ => Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true })).ToArray();
    }

    public static async Task<RelayClients> ConnectAsync(string wsUrl, int n, int writers, int sampled, int payloadBytes)
    {
        var set = new RelayClients(n, writers, sampled, payloadBytes);
        var sockets = new ClientWebSocket[n];
        await Parallel.ForAsync(0, n, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(wsUrl), ct);
            sockets[i] = socket;
        });
        set._sockets.AddRange(sockets);
        for (int i = 0; i < n; i++)
        {
            var receiver = i;
            set._loops.Add(Task.Run(() => set.ReceiveLoop(receiver)));
            if (i < writers) set._loops.Add(Task.Run(() => set.SendLoop(receiver)));
        }
        return set;
    }

    private async Task SendLoop(int writer)
    {
        var socket = _sockets[writer];
        try
        {
            await foreach (var message in _outboxes[writer].Reader.ReadAllAsync(_stop.Token))
            {
                await socket.SendAsync(message, WebSocketMessageType.Text, true, _stop.Token);
                Interlocked.Increment(ref _written);
            }
        }
        catch (Exception) { }
    }

    private async Task ReceiveLoop(int receiver)
    {
        var socket = _sockets[receiver];
        var buffer = new byte[64 * 1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(count), _stop.Token);
                    count += result.Count;
                } while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close) return;
                // Every receiver parses each message into a JSON document, as every hub client's SignalR library does
                // with each Events message before its handler runs (the receipt is stamped after that, on both sides).
                using var message = JsonDocument.Parse(buffer.AsMemory(0, count));
                if (receiver >= Sampled) continue;
                var now = Stopwatch.GetTimestamp();
                // {"conclusion":"c:w:seq:ts", ...}: the same field the hub receivers read.
                if (message.RootElement.TryGetProperty("conclusion", out var conclusion) && conclusion.GetString() is { } text
                    && Payload.TryParse(text, out _, out var ts))
                    Recorder.Receive(receiver, ts, now);
            }
        }
        catch (Exception) { }
    }

    public void Send(int writer, long seq)
    {
        var ts = Stopwatch.GetTimestamp();
        var head = $"{{\"conclusion\":\"{Payload.Make(writer, seq, ts)}\",\"pad\":\"";
        var padding = Math.Max(0, _payloadBytes - head.Length - 2);
        var message = Encoding.UTF8.GetBytes(head + new string('x', padding) + "\"}");
        Recorder.Sent(ts);
        Interlocked.Increment(ref _queued);
        _outboxes[writer].Writer.TryWrite(message);
    }

    public long Expected() => N == 1 ? Recorder.SentInWindow : Recorder.SentInWindow * (Sampled - 1);

    public async ValueTask DisposeAsync()
    {
        foreach (var o in _outboxes) o.Writer.TryComplete();
        foreach (var s in _sockets)
        {
            try
            {
                using var cts = new CancellationTokenSource(2000);
                await s.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
            catch (Exception) { }
        }
        _stop.Cancel();
        await Task.WhenAny(Task.WhenAll(_loops), Task.Delay(3000));
        foreach (var s in _sockets) s.Dispose();
    }
}

/// <summary>The change's text: "c:&lt;writer&gt;:&lt;seq&gt;:&lt;stopwatch ticks at send&gt;".</summary>
public static class Payload
{
    public static string Make(int writer, long seq, long ts) => string.Create(CultureInfo.InvariantCulture, $"c:{writer}:{seq}:{ts}");

    public static bool TryParse(string text, out int writer, out long ts)
    {
        writer = 0;
        ts = 0;
        if (!text.StartsWith("c:", StringComparison.Ordinal)) return false;
        var parts = text.Split(':');
        return parts.Length == 4
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out writer)
            && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out ts);
    }
}
