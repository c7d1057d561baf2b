using System.Collections.Concurrent;
using FactDesk.Web.Features.Review;

namespace FactDesk.Web.Realtime;

/// <summary>One person on an article: which claim they have open and whether they are typing in it.</summary>
public sealed record PresenceUser(string UserId, string Name, int? ClaimId, bool Typing, string? Field);

public sealed record PresenceSnapshot(int ArticleId, IReadOnlyList<PresenceUser> Users);

/// <summary>
/// Who is on which article, per session (a hub connection or a Blazor circuit). Soft state: kept in memory, never
/// stored, published as a snapshot whenever it changes. A session whose connection drops is kept for a short grace
/// period (a reconnect is not a leave); typing marks expire on their own.
/// </summary>
public sealed partial class PresenceTracker(IReviewEventBus bus, TimeProvider clock, ILogger<PresenceTracker> logger) : BackgroundService
{
    public static readonly TimeSpan TypingTimeout = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan DisconnectGrace = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Session> _sessions = new();

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

    public PresenceSnapshot Snapshot(int articleId)
    {
        var now = clock.GetUtcNow();
        var users = _sessions.Values.Where(s => s.ArticleId == articleId)
            .GroupBy(s => s.UserId)
            .Select(g =>
            {
                // One person in two tabs shows once: the tab that is typing, else the one with a claim open.
                var best = g.OrderByDescending(s => s.TypingUntil > now).ThenByDescending(s => s.ClaimId is not null).First();
                var typing = best.TypingUntil > now;
                return new PresenceUser(best.UserId, best.Name, best.ClaimId, typing, typing ? best.Field : null);
            })
            .OrderBy(u => u.Name, StringComparer.CurrentCulture)
            .ToList();
        return new PresenceSnapshot(articleId, users);
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
        foreach (var articleId in changed) await PublishAsync(articleId);
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

    private Task PublishAsync(int articleId) => bus.PublishPresenceAsync(Snapshot(articleId), CancellationToken.None);

    private static string Key(int articleId, string sessionId) => $"{articleId}:{sessionId}";

    private sealed record Session(int ArticleId, string SessionId, string UserId, string Name, int? ClaimId, string? Field, DateTimeOffset TypingUntil, DateTimeOffset? GoneAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The presence sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception ex);
}
