using System.Collections.Concurrent;
using FactDesk.Web.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace FactDesk.Web.Api;

/// <summary>
/// Forwards the bus to hub groups: Events to everyone on the article but the connection that caused them. An Event
/// private to one person (a proposal or evidence in a blind first pass) goes only to that person and the article's
/// Editors.
/// <para>
/// With several instances each relays only its own writes (<see cref="IReviewEventBus.SubscribeAll"/>): the SignalR
/// backplane carries group sends to every instance's connections. A send that fails (Redis away) is kept and sent
/// again in order once it goes through; clients drop numbers they have and fill gaps with <c>JoinArticle</c>.
/// Presence goes straight to this instance's own connections on the article, as this instance sees it (its own
/// people merged with the other instances'), so it never needs Redis and is never sent twice.
/// </para>
/// </summary>
public sealed partial class HubRelay(
    IReviewEventBus bus, IHubContext<ReviewHub, IReviewClient> hub, HubLifetimeManager<ReviewHub> lifetime, PresenceTracker presence, ILogger<HubRelay> logger)
    : IHostedService, IDisposable
{
    /// <summary>
    /// One instance without a backplane writes every send straight to its connections, in the order sent; through
    /// Redis a group send makes a round trip while a send to one connection here does not, so there a batch of several
    /// authors goes out as one group send per run of the same author, all on the group's channel.
    /// </summary>
    private readonly bool _direct = lifetime is DefaultHubLifetimeManager<ReviewHub>;

    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);
    private const int MaxKept = 2000;

    private readonly ConcurrentQueue<ReviewEventBatch> _unsent = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private static readonly TimeSpan AgainAfter = TimeSpan.FromSeconds(5);
    private readonly List<ReviewEventBatch> _again = [];
    private DateTimeOffset _againAt;
    private IDisposable? _subscription;
    private Timer? _retry;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Inline: a writer's own thread issues the sends (they only fill connections' buffers) instead of handing over.
        _subscription = bus.SubscribeAll(RelayAsync, SendPresenceAsync, inline: true);
        _retry = new Timer(_ => _ = RetryAsync(), null, RetryInterval, RetryInterval);
        return Task.CompletedTask;
    }

    private async Task RelayAsync(ReviewEventBatch batch)
    {
        await _sending.WaitAsync();
        try
        {
            // Behind already: keep the order, the retry sends it after the older ones.
            if (!_unsent.IsEmpty)
            {
                Keep(batch);
                return;
            }
            try
            {
                await SendAsync(batch);
            }
            catch (Exception ex)
            {
                Keep(batch);
                LogRelayFailed(logger, ex, batch.ArticleId);
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task RetryAsync()
    {
        if (_unsent.IsEmpty && _again.Count == 0) return;
        try
        {
            if (!await _sending.WaitAsync(0)) return;
        }
        catch (ObjectDisposedException)
        {
            return; // stopped
        }
        try
        {
            // Once more, a while after they first went through: another instance's backplane subscription may have
            // come back later than this one's. Clients drop numbers they have.
            if (_again.Count > 0 && DateTimeOffset.UtcNow >= _againAt)
            {
                foreach (var batch in _again) await SendAsync(batch);
                _again.Clear();
            }
            var sent = new List<ReviewEventBatch>();
            while (_unsent.TryPeek(out var batch))
            {
                await SendAsync(batch);
                _unsent.TryDequeue(out _);
                sent.Add(batch);
            }
            if (sent.Count > 0)
            {
                LogRelayResumed(logger, sent.Count);
                _again.AddRange(sent);
                _againAt = DateTimeOffset.UtcNow + AgainAfter;
            }
        }
        catch (Exception)
        {
            // Still away; the next tick tries again.
        }
        finally
        {
            _sending.Release();
        }
    }

    private void Keep(ReviewEventBatch batch)
    {
        _unsent.Enqueue(batch);
        // A long outage: the oldest go (their readers fill the gap from the database on the next Event).
        while (_unsent.Count > MaxKept) _unsent.TryDequeue(out _);
    }

    /// <summary>
    /// Issues every send of the batch in order, then waits for them together. Each send is handed to its connections
    /// (or, through the backplane, to Redis, which keeps one connection's commands in order) when it is called, so the
    /// order holds; waiting once per batch instead of once per send keeps a batch of several authors from costing one
    /// Redis round trip, or one slow connection's flush, per send.
    /// </summary>
    private async Task SendAsync(ReviewEventBatch batch)
    {
        var sends = new List<Task>();
        var open = new List<ReviewEventDto>(batch.Events.Count);
        List<ReviewEventDto>? personal = null;
        foreach (var e in batch.Events) (e.VisibleTo is null ? open : personal ??= []).Add(e);
        if (open.Count > 0)
        {
            var group = ReviewHub.Group(batch.ArticleId);
            if (_direct && batch.Origins is not null) SendAllAuthors(batch, group, open, sends);
            else SendByRuns(batch, group, open, sends);
        }
        if (personal is not null)
        {
            // Only to connections that joined this article, once each (an Editor is in the Editors' group, not a
            // personal one), and like open Events not echoed to the connection that made the change.
            foreach (var one in personal.GroupBy(e => e.VisibleTo!))
            {
                var events = one.ToList();
                foreach (var group in new[] { ReviewHub.PersonalGroup(batch.ArticleId, one.Key), ReviewHub.EditorsGroup(batch.ArticleId) })
                {
                    SendByRuns(batch, group, events, sends);
                }
            }
        }
        await Task.WhenAll(sends);
    }

    private Task SendExceptAsync(string group, IReadOnlyList<ReviewEventDto> events, string? origin) =>
        origin is null ? hub.Clients.Group(group).Events(events) : hub.Clients.GroupExcept(group, origin).Events(events);

    /// <summary>One group send per run of Events from the same origin, in number order.</summary>
    private void SendByRuns(ReviewEventBatch batch, string group, List<ReviewEventDto> events, List<Task> sends)
    {
        if (batch.Origins is null)
        {
            sends.Add(SendExceptAsync(group, events, batch.Origin));
            return;
        }
        var start = 0;
        for (var i = 1; i <= events.Count; i++)
        {
            if (i < events.Count && batch.OriginOf(events[i]) == batch.OriginOf(events[start])) continue;
            sends.Add(SendExceptAsync(group, events.GetRange(start, i - start), batch.OriginOf(events[start])));
            start = i;
        }
    }

    /// <summary>
    /// Several authors' Events in one commit: the whole batch once to everyone on the article but its authors (one
    /// serialization, one fan-out), then to each author connection on the article the batch without its own Events.
    /// Everyone gets each Event once and in the same order; nobody gets their own back.
    /// </summary>
    private void SendAllAuthors(ReviewEventBatch batch, string group, List<ReviewEventDto> open, List<Task> sends)
    {
        var authors = new List<string>();
        foreach (var e in open)
        {
            if (batch.OriginOf(e) is { } origin && !authors.Contains(origin)) authors.Add(origin);
        }
        sends.Add(hub.Clients.GroupExcept(group, authors).Events(open));
        foreach (var author in authors)
        {
            // A page's circuit or a connection that never joined the article gets nothing here, as before.
            if (!presence.IsConnectionOn(batch.ArticleId, author)) continue;
            var rest = open.FindAll(e => batch.OriginOf(e) != author);
            if (rest.Count > 0) sends.Add(hub.Clients.Client(author).Events(rest));
        }
    }

    private async Task SendPresenceAsync(PresenceSnapshot snapshot)
    {
        // To this instance's own connections (written to them directly, even with the backplane), all at once: one
        // slow connection must not hold up the others, nor the Events queued behind this snapshot.
        var connections = presence.LocalConnections(snapshot.ArticleId);
        if (connections.Count == 0) return;
        try
        {
            await hub.Clients.Clients(connections).Presence(snapshot);
        }
        catch (Exception ex)
        {
            LogPresenceFailed(logger, ex, snapshot.ArticleId);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _retry?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _retry?.Dispose();
        _sending.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relaying Events of article {ArticleId} to hub clients failed; kept to send again")]
    private static partial void LogRelayFailed(ILogger logger, Exception ex, int articleId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relaying to hub clients resumed: {Count} kept batch(es) sent")]
    private static partial void LogRelayResumed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sending presence of article {ArticleId} to a connection failed")]
    private static partial void LogPresenceFailed(ILogger logger, Exception ex, int articleId);
}
