using System.Collections.Concurrent;

namespace FactDesk.Web.Realtime;

/// <summary>One person on an article: which claim they have open and whether they are typing in it.</summary>
public sealed record PresenceUser(string UserId, string Name, int? ClaimId, bool Typing, string? Field);

public sealed record PresenceSnapshot(int ArticleId, IReadOnlyList<PresenceUser> Users);

/// <summary>
/// Who is on which article, per session (a hub connection or a Blazor circuit). Soft state: kept in memory, never
/// stored, published as a snapshot whenever it changes. A session whose connection drops is kept for a short grace
/// period (a reconnect is not a leave); typing marks expire on their own. With several instances (see
/// <see cref="IPresenceExchange"/>) each shares its own sessions, heart-beating every few seconds, and shows its own
/// merged with the others'; another instance's people vanish when it stops heart-beating.
/// </summary>
public sealed partial class PresenceTracker : BackgroundService
{
    public static readonly TimeSpan TypingTimeout = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan DisconnectGrace = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan RemoteExpiry = TimeSpan.FromSeconds(15);
    /// <summary>
    /// Changes to one article's presence within this window go out as one snapshot. Without it, N people opening an
    /// article at once send N snapshots of up to N people each to up to N connections (quadratic: 200 reviewers make
    /// 40,000 sends); with it, a burst costs a few snapshots, at the price of presence showing up to 150 ms later.
    /// </summary>
    public static readonly TimeSpan PublishWindow = TimeSpan.FromMilliseconds(150);

    private readonly ConcurrentDictionary<string, Session> _sessions = new();
    private readonly ConcurrentDictionary<(string Instance, int ArticleId), Remote> _remote = new();
    private readonly IReviewEventBus bus;
    private readonly IPresenceExchange? _exchange;
    private readonly TimeProvider clock;
    private readonly ILogger<PresenceTracker> logger;
    private DateTimeOffset _lastHeartbeat;
    private readonly ConcurrentDictionary<int, byte> _publishPending = new();

    public PresenceTracker(IReviewEventBus bus, TimeProvider clock, ILogger<PresenceTracker> logger, Operations.FactDeskMetrics? metrics = null,
        IPresenceExchange? exchange = null)
    {
        (this.bus, this.clock, this.logger) = (bus, clock, logger);
        // Registered only with several instances (Redis); alone, nobody else shares.
        _exchange = exchange;
        _exchange?.OnRemote(OnRemoteAsync);
        metrics?.ObserveConnected(CountConnected);
    }

    public Task JoinAsync(int articleId, string sessionId, Actor actor)
    {
        _sessions[Key(articleId, sessionId)] = new Session(articleId, sessionId, actor.UserId, actor.Name, null, null, default, null);
        return PublishAsync(articleId);
    }

    public Task LeaveAsync(int articleId, string sessionId) =>
        _sessions.TryRemove(Key(articleId, sessionId), out _) ? PublishAsync(articleId) : Task.CompletedTask;

    /// <summary>Removes a session from every article (a closed hub connection or circuit).</summary>
    public async Task LeaveAllAsync(string sessionId)
    {
        foreach (var s in _sessions.Values.Where(s => s.SessionId == sessionId).ToList())
        {
            await LeaveAsync(s.ArticleId, sessionId);
        }
    }

    public Task FocusAsync(int articleId, string sessionId, int? claimId) =>
        Update(articleId, sessionId, s => s.ClaimId == claimId ? s : s with { ClaimId = claimId, Field = null, TypingUntil = default });

    public Task TypingAsync(int articleId, string sessionId, int claimId, string? field) =>
        Update(articleId, sessionId, s => s with { ClaimId = claimId, Field = field ?? "conclusion", TypingUntil = clock.GetUtcNow() + TypingTimeout },
            publishAlways: false);

    /// <summary>The connection dropped: keep the session for the grace period unless it comes back.</summary>
    public void MarkDown(string sessionId)
    {
        var until = clock.GetUtcNow() + DisconnectGrace;
        foreach (var (key, s) in _sessions.Where(p => p.Value.SessionId == sessionId).ToList())
        {
            _sessions.TryUpdate(key, s with { GoneAfter = until }, s);
        }
    }

    public void MarkUp(string sessionId)
    {
        foreach (var (key, s) in _sessions.Where(p => p.Value.SessionId == sessionId).ToList())
        {
            _sessions.TryUpdate(key, s with { GoneAfter = null }, s);
        }
    }

    /// <summary>Everyone on the article: this instance's sessions and, with several instances, the others'.</summary>
    public PresenceSnapshot Snapshot(int articleId)
    {
        var remote = _remote.IsEmpty ? [] : _remote.Where(p => p.Key.ArticleId == articleId).SelectMany(p => p.Value.Users);
        return new PresenceSnapshot(articleId, Merge(Own(articleId).Concat(remote)));
    }

    /// <summary>Whether a hub connection of this instance has joined the article.</summary>
    internal bool IsConnectionOn(int articleId, string connectionId) =>
        !connectionId.StartsWith(CircuitPresence.Prefix, StringComparison.Ordinal) && _sessions.ContainsKey(Key(articleId, connectionId));

    /// <summary>The hub connections of this instance that joined the article (presence goes to them directly).</summary>
    internal IReadOnlyList<string> LocalConnections(int articleId) =>
        _sessions.Values.Where(s => s.ArticleId == articleId && !s.SessionId.StartsWith(CircuitPresence.Prefix, StringComparison.Ordinal))
            .Select(s => s.SessionId).Distinct().ToList();

    /// <summary>This instance's own people on the article, one entry per person.</summary>
    private IEnumerable<PresenceUser> Own(int articleId)
    {
        var now = clock.GetUtcNow();
        return Merge(_sessions.Values.Where(s => s.ArticleId == articleId).Select(s =>
        {
            var typing = s.TypingUntil > now;
            return new PresenceUser(s.UserId, s.Name, s.ClaimId, typing, typing ? s.Field : null);
        }));
    }

    // One person in two tabs (or on two instances) shows once: the one that is typing, else the one with a claim open.
    private static List<PresenceUser> Merge(IEnumerable<PresenceUser> users) => users
        .GroupBy(u => u.UserId)
        .Select(g => g.OrderByDescending(u => u.Typing).ThenByDescending(u => u.ClaimId is not null).First())
        .OrderBy(u => u.Name, StringComparer.CurrentCulture)
        .ToList();

    private IEnumerable<System.Diagnostics.Metrics.Measurement<int>> CountConnected()
    {
        var circuits = _sessions.Keys.Count(k => k.Contains(CircuitPresence.Prefix, StringComparison.Ordinal));
        yield return new(circuits, new KeyValuePair<string, object?>("kind", "circuit"));
        yield return new(_sessions.Count - circuits, new KeyValuePair<string, object?>("kind", "hub"));
    }

    private async Task OnRemoteAsync(RemotePresence share)
    {
        var key = (share.Instance, share.ArticleId);
        bool changed;
        if (share.Users.Count == 0)
        {
            changed = _remote.TryRemove(key, out _);
        }
        else
        {
            changed = !_remote.TryGetValue(key, out var previous) || !previous.Users.SequenceEqual(share.Users);
            _remote[key] = new Remote(share.Users, clock.GetUtcNow());
        }
        // Shown here only: the other instance told its own hub clients and circuits already.
        if (changed) await PublishAsync(share.ArticleId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        while (await NextTickAsync(timer, stoppingToken))
        {
            try
            {
                await SweepAsync();
            }
            catch (Exception ex)
            {
                LogSweepFailed(logger, ex);
            }
        }
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: not a failure.
            return false;
        }
    }

    /// <summary>Drops sessions past their grace period and ends typing marks that ran out.</summary>
    internal async Task SweepAsync()
    {
        var now = clock.GetUtcNow();
        var changed = new HashSet<int>();
        foreach (var (key, s) in _sessions)
        {
            if (s.GoneAfter is { } gone && gone <= now)
            {
                if (_sessions.TryRemove(key, out _)) changed.Add(s.ArticleId);
            }
            else if (s.TypingUntil != default && s.TypingUntil <= now)
            {
                if (_sessions.TryUpdate(key, s with { TypingUntil = default, Field = null }, s)) changed.Add(s.ArticleId);
            }
        }
        var expired = new HashSet<int>();
        foreach (var (key, remote) in _remote)
        {
            // An instance that stopped heart-beating (killed, or cut off) no longer vouches for its people.
            if (remote.LastSeen + RemoteExpiry <= now && _remote.TryRemove(key, out _)) expired.Add(key.ArticleId);
        }
        foreach (var articleId in changed) await PublishAsync(articleId);
        foreach (var articleId in expired.Except(changed)) await PublishAsync(articleId);
        if (_exchange is not null && now - _lastHeartbeat >= HeartbeatInterval)
        {
            _lastHeartbeat = now;
            foreach (var articleId in _sessions.Values.Select(s => s.ArticleId).Distinct()) _exchange.Share(articleId, Own(articleId).ToList());
        }
    }

    private async Task Update(int articleId, string sessionId, Func<Session, Session> change, bool publishAlways = true)
    {
        var key = Key(articleId, sessionId);
        if (!_sessions.TryGetValue(key, out var current)) return;
        var next = change(current);
        if (next == current || !_sessions.TryUpdate(key, next, current)) return;
        var wasTyping = current.TypingUntil > clock.GetUtcNow();
        // Typing marks are refreshed on every keystroke; only the start of typing is news to the others.
        if (publishAlways || !wasTyping || current.ClaimId != next.ClaimId) await PublishAsync(articleId);
    }

    /// <summary>Publishes the article's presence once <see cref="PublishWindow"/> has passed, with whatever changed by then.</summary>
    private Task PublishAsync(int articleId)
    {
        // A pending flush reads the state when it runs, so it covers this change too; one that runs later than
        // TryRemove below schedules its own.
        if (_publishPending.TryAdd(articleId, 0)) _ = FlushLaterAsync(articleId);
        return Task.CompletedTask;
    }

    private async Task FlushLaterAsync(int articleId)
    {
        try
        {
            await Task.Delay(PublishWindow);
            _publishPending.TryRemove(articleId, out _);
            // Also after a change that came from another instance: sharing our own unchanged list is harmless (they compare).
            _exchange?.Share(articleId, Own(articleId).ToList());
            await bus.PublishPresenceAsync(Snapshot(articleId), CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogPublishFailed(logger, ex, articleId);
        }
    }

    private static string Key(int articleId, string sessionId) => $"{articleId}:{sessionId}";

    private sealed record Remote(IReadOnlyList<PresenceUser> Users, DateTimeOffset LastSeen);

    private sealed record Session(int ArticleId, string SessionId, string UserId, string Name, int? ClaimId, string? Field, DateTimeOffset TypingUntil, DateTimeOffset? GoneAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Presence of article {ArticleId} could not be published")]
    private static partial void LogPublishFailed(ILogger logger, Exception ex, int articleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The presence sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception ex);
}
