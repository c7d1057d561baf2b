using System.Text.Json;
using System.Threading.Channels;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Notifications;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Operations;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace FactDesk.Web.Realtime;

/// <summary>
/// The review event bus across instances. This instance's subscribers get its own publishes at once, in order, as
/// with <see cref="InProcessReviewEventBus"/>; every batch and presence share also goes to one Redis pub/sub channel,
/// tagged with this instance's id, and other instances' batches reach the followers of their article here.
/// <para>
/// Redis is a courier, not a store: Events come from the database. Per followed article the bus keeps the last Event
/// number it delivered; a batch that skips ahead is preceded by the missing Events read from the database, a number
/// already delivered is dropped. After Redis comes back, and every few seconds in any case, followed articles are
/// checked against <c>Article.LastEventNumber</c>, so a page converges even when no further Event arrives. Publishing
/// never waits for Redis: a message that cannot be sent is logged and dropped (the others catch up from the database).
/// </para>
/// <para>
/// Stored notifications go over the same channel (<see cref="INotificationExchange"/>): the others hand them to their
/// pages of that person; after Redis comes back those pages re-read theirs from the database.
/// </para>
/// </summary>
public sealed partial class RedisReviewEventBus : IReviewEventBus, IPresenceExchange, INotificationExchange, IHostedService, IDisposable
{
    /// <summary>The one channel the instances share (the SignalR backplane uses its own, prefixed "factdesk").</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal("factdesk:review-bus");
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(3);
    private const int OutboundCapacity = 10_000;

    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    private readonly InProcessReviewEventBus _local;
    private readonly IConnectionMultiplexer _redis;
    private readonly IServiceScopeFactory _scopes;
    private readonly IDbContextFactory<FactDeskDbContext> _dbFactory;
    private readonly FactDeskMetrics? _metrics;
    private readonly ILogger<RedisReviewEventBus> _logger;
    private readonly Channel<Message> _outbound = System.Threading.Channels.Channel.CreateBounded<Message>(
        new BoundedChannelOptions(OutboundCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Dictionary<int, ArticleStream> _streams = new();
    private readonly List<Func<RemotePresence, Task>> _presenceHandlers = [];
    private readonly List<Func<string, NotificationDto, Task>> _notificationHandlers = [];
    private readonly List<Func<Task>> _reconnectedHandlers = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private int _sendFailing;

    public RedisReviewEventBus(
        IConnectionMultiplexer redis,
        IServiceScopeFactory scopes,
        IDbContextFactory<FactDeskDbContext> dbFactory,
        ILoggerFactory loggers,
        FactDeskMetrics? metrics = null)
    {
        (_redis, _scopes, _dbFactory, _metrics) = (redis, scopes, dbFactory, metrics);
        _logger = loggers.CreateLogger<RedisReviewEventBus>();
        _local = new InProcessReviewEventBus(loggers.CreateLogger<InProcessReviewEventBus>());
    }

    /// <summary>This instance's id on the channel (a new one per process).</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..^20];

    public Task PublishAsync(ReviewEventBatch batch, CancellationToken cancellationToken)
    {
        _metrics?.Published(batch, remote: false);
        _local.DeliverToAll(batch);
        Post(batch.ArticleId, new Incoming(batch, Remote: false));
        _outbound.Writer.TryWrite(new Message(InstanceId, MessageType.Events, batch.ArticleId, batch, null));
        return Task.CompletedTask;
    }

    /// <summary>Shows a merged snapshot to this instance's followers; what goes to the others is <see cref="Share"/>.</summary>
    public Task PublishPresenceAsync(PresenceSnapshot snapshot, CancellationToken cancellationToken) =>
        _local.PublishPresenceAsync(snapshot, cancellationToken);

    public IDisposable Subscribe(int articleId, Func<ReviewEventBatch, Task> onEvents, Func<PresenceSnapshot, Task>? onPresence = null)
    {
        var stream = Follow(articleId);
        var inner = _local.Subscribe(articleId, onEvents, onPresence);
        return new Unsubscribe(() =>
        {
            inner.Dispose();
            lock (_streams)
            {
                if (--stream.Followers > 0) return;
                _streams.Remove(articleId);
            }
            stream.Work.Writer.TryComplete();
        });
    }

    public IDisposable SubscribeAll(Func<ReviewEventBatch, Task> onEvents, Func<PresenceSnapshot, Task> onPresence, bool inline = false) =>
        _local.SubscribeAll(onEvents, onPresence, inline);

    public void Share(int articleId, IReadOnlyList<PresenceUser> own) =>
        _outbound.Writer.TryWrite(new Message(InstanceId, MessageType.Presence, articleId, null, own));

    public void OnRemote(Func<RemotePresence, Task> handler)
    {
        lock (_presenceHandlers) _presenceHandlers.Add(handler);
    }

    public void ShareNotification(string userId, NotificationDto notification) =>
        _outbound.Writer.TryWrite(new Message(InstanceId, MessageType.Notification, 0, null, null, userId, notification));

    public void OnRemoteNotification(Func<string, NotificationDto, Task> handler)
    {
        lock (_notificationHandlers) _notificationHandlers.Add(handler);
    }

    public void OnReconnected(Func<Task> handler)
    {
        lock (_reconnectedHandlers) _reconnectedHandlers.Add(handler);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _redis.ConnectionRestored += OnConnectionRestored;
        _redis.ConnectionFailed += OnConnectionFailed;
        _loops.Add(Task.Run(() => SubscribeLoopAsync(_stopping.Token), CancellationToken.None));
        _loops.Add(Task.Run(() => SendLoopAsync(_stopping.Token), CancellationToken.None));
        _loops.Add(Task.Run(() => CheckLoopAsync(_stopping.Token), CancellationToken.None));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _redis.ConnectionRestored -= OnConnectionRestored;
        _redis.ConnectionFailed -= OnConnectionFailed;
        await _stopping.CancelAsync();
        _outbound.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_loops).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // Shutting down: nothing to save, the Events are in the database.
        }
        try
        {
            if (_redis.IsConnected) await _redis.GetSubscriber().UnsubscribeAsync(Channel);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>Checks every followed article against the database now (also used by tests).</summary>
    internal Task CheckNowAsync() => CheckAsync(immediate: true, _stopping.Token);

    private ArticleStream Follow(int articleId)
    {
        lock (_streams)
        {
            if (_streams.TryGetValue(articleId, out var existing))
            {
                existing.Followers++;
                return existing;
            }
        }
        // The first follower here: start from the article's current number, read before the follower is added, so an
        // Event stored from now on is delivered (or filled in) and one stored before is in the follower's own read.
        var last = ReadLastEventNumber(articleId);
        lock (_streams)
        {
            if (_streams.TryGetValue(articleId, out var raced))
            {
                raced.Followers++;
                return raced;
            }
            var stream = new ArticleStream(articleId, last);
            _streams[articleId] = stream;
            _ = Task.Run(() => PumpAsync(stream));
            return stream;
        }
    }

    private int ReadLastEventNumber(int articleId)
    {
        try
        {
            using var db = _dbFactory.CreateDbContext();
            return db.Articles.AsNoTracking().Where(a => a.Id == articleId).Select(a => a.LastEventNumber).FirstOrDefault();
        }
        catch (Exception ex)
        {
            // Start from nothing: the first batch then fills in from the database, and followers drop what they have.
            LogStartReadFailed(_logger, ex, articleId);
            return 0;
        }
    }

    private void Post(int articleId, object work)
    {
        ArticleStream? stream;
        lock (_streams) _streams.TryGetValue(articleId, out stream);
        stream?.Work.Writer.TryWrite(work);
    }

    /// <summary>One article's deliveries here, one at a time and in Event-number order.</summary>
    private async Task PumpAsync(ArticleStream stream)
    {
        await foreach (var work in stream.Work.Reader.ReadAllAsync())
        {
            try
            {
                switch (work)
                {
                    case Incoming incoming:
                        await DeliverAsync(stream, incoming.Batch, incoming.Remote);
                        break;
                    case Check check:
                        await CheckStreamAsync(stream, check);
                        break;
                }
            }
            catch (Exception ex)
            {
                LogDeliveryFailed(_logger, ex, stream.ArticleId);
            }
        }
    }

    private async Task DeliverAsync(ArticleStream stream, ReviewEventBatch batch, bool remote)
    {
        var sequence = stream.Sequence;
        if (sequence.IsNext(batch.Events))
        {
            // The common case: exactly the next Events, handed on as they came.
            sequence.Advance(batch.Events);
            if (remote) _metrics?.Delivered(batch, remote: true);
            _local.DeliverToFollowers(stream.ArticleId, batch);
            return;
        }
        IReadOnlyList<ReviewEventDto> plan;
        try
        {
            // The pages' rule (EventSequence): in order, once, a gap filled from the log first.
            plan = await sequence.PlanAsync(batch.Events, (after, limit, ct) => ReadLogAsync(stream.ArticleId, after, limit, ct), _stopping.Token);
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            // Delivered as it is, then: followers fill gaps themselves, and the next check tries again.
            LogCatchUpFailed(_logger, ex, stream.ArticleId);
            plan = await sequence.PlanAsync(batch.Events, static (_, _, _) => Task.FromResult<IReadOnlyList<ReviewEventDto>>([]), CancellationToken.None);
        }
        if (plan.Count == 0) return; // delivered already (or filled in from the database)
        if (plan[0].Number > sequence.Last + 1 || plan.Count > batch.Events.Count) LogGap(_logger, stream.ArticleId, sequence.Last, plan[^1].Number);
        var inBatch = new HashSet<int>(batch.Events.Count);
        foreach (var e in batch.Events) inBatch.Add(e.Number);
        var delivered = ReviewEventBatch.Of(stream.ArticleId, plan.Select(e => (e, inBatch.Contains(e.Number) ? batch.OriginOf(e) : null)).ToList());
        sequence.Advance(plan);
        if (remote || plan.Count > batch.Events.Count) _metrics?.Delivered(delivered, remote: true);
        _local.DeliverToFollowers(stream.ArticleId, delivered);
    }

    private async Task<IReadOnlyList<ReviewEventDto>> ReadLogAsync(int articleId, int after, int limit, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IArticleEventLog>().GetEventsAsync(articleId, after, Math.Min(limit, ReviewHub.MaxCatchUp), ct);
    }

    /// <summary>
    /// The database is ahead of what was delivered here. A difference seen once may be a batch on its way (stored, not
    /// yet published): it is filled in only when still there at the next check, or at once after Redis came back.
    /// </summary>
    private async Task CheckStreamAsync(ArticleStream stream, Check check)
    {
        if (stream.Last >= check.LastEventNumber)
        {
            stream.Suspect = null;
            return;
        }
        if (check.Immediate || stream.Suspect is { } suspect && stream.Last < suspect)
        {
            LogBehind(_logger, stream.ArticleId, stream.Last, check.LastEventNumber);
            await CatchUpAsync(stream, upTo: check.LastEventNumber);
        }
        stream.Suspect = stream.Last < check.LastEventNumber ? check.LastEventNumber : null;
    }

    /// <summary>Delivers the Events after the last delivered one up to <paramref name="upTo"/>, from the database (the hub's JoinArticle query).</summary>
    private async Task CatchUpAsync(ArticleStream stream, int upTo)
    {
        try
        {
            var missing = await stream.Sequence.PlanFromLogAsync(upTo, (after, limit, ct) => ReadLogAsync(stream.ArticleId, after, limit, ct), _stopping.Token);
            if (missing.Count == 0) return;
            var batch = new ReviewEventBatch(stream.ArticleId, missing, Origin: null);
            stream.Sequence.Advance(missing);
            _metrics?.Delivered(batch, remote: true);
            _local.DeliverToFollowers(stream.ArticleId, batch);
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            // Delivered as it is, then: followers fill gaps themselves, and the next check tries again.
            LogCatchUpFailed(_logger, ex, stream.ArticleId);
        }
    }

    private async Task CheckLoopAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(CheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await CheckAsync(immediate: false, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CheckAsync(bool immediate, CancellationToken stop)
    {
        int[] followed;
        lock (_streams) followed = [.. _streams.Keys];
        if (followed.Length == 0) return;
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync(stop);
            var numbers = await db.Articles.AsNoTracking().Where(a => followed.Contains(a.Id))
                .Select(a => new { a.Id, a.LastEventNumber }).ToListAsync(stop);
            foreach (var row in numbers) Post(row.Id, new Check(row.LastEventNumber, immediate));
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            LogCheckFailed(_logger, ex);
        }
    }

    /// <summary>Subscribes to the channel, retrying while Redis is away; StackExchange.Redis restores it after reconnects.</summary>
    private async Task SubscribeLoopAsync(CancellationToken stop)
    {
        for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
        {
            try
            {
                var queue = await _redis.GetSubscriber().SubscribeAsync(Channel);
                queue.OnMessage(OnMessageAsync);
                LogSubscribed(_logger, InstanceId);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Once, then about every half minute while Redis stays away.
                if (attempt % 15 == 0) LogSubscribeFailed(_logger, ex.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task OnMessageAsync(ChannelMessage received)
    {
        Message? message;
        try
        {
            message = JsonSerializer.Deserialize<Message>((string)received.Message!, Json);
        }
        catch (JsonException ex)
        {
            LogMalformed(_logger, ex);
            return;
        }
        if (message is null || message.Instance == InstanceId) return;
        switch (message.Type)
        {
            case MessageType.Events when message.Batch is { } batch:
                Post(batch.ArticleId, new Incoming(batch, Remote: true));
                break;
            case MessageType.Presence:
                Func<RemotePresence, Task>[] handlers;
                lock (_presenceHandlers) handlers = [.. _presenceHandlers];
                var share = new RemotePresence(message.Instance, message.ArticleId, message.Users ?? []);
                foreach (var handler in handlers)
                {
                    try
                    {
                        await handler(share);
                    }
                    catch (Exception ex)
                    {
                        LogPresenceFailed(_logger, ex, message.ArticleId);
                    }
                }
                break;
            case MessageType.Notification when message.UserId is { } userId && message.Notification is { } notification:
                Func<string, NotificationDto, Task>[] notified;
                lock (_notificationHandlers) notified = [.. _notificationHandlers];
                foreach (var handler in notified)
                {
                    try
                    {
                        await handler(userId, notification);
                    }
                    catch (Exception ex)
                    {
                        LogNotificationFailed(_logger, ex, notification.Id);
                    }
                }
                break;
        }
    }

    /// <summary>Sends in publish order; never holds up a writer. While Redis is away, messages are dropped (and counted in the log).</summary>
    private async Task SendLoopAsync(CancellationToken stop)
    {
        var reader = _outbound.Reader;
        var pending = new List<Task>();
        var dropped = 0;
        try
        {
            while (await reader.WaitToReadAsync(stop))
            {
                pending.Clear();
                var subscriber = _redis.GetSubscriber();
                while (pending.Count < 256 && reader.TryRead(out var message))
                {
                    if (!_redis.IsConnected)
                    {
                        dropped++;
                        continue;
                    }
                    // Issued in order on one connection, awaited together.
                    pending.Add(subscriber.PublishAsync(Channel, JsonSerializer.Serialize(message, Json)));
                }
                if (dropped > 0 && Interlocked.Exchange(ref _sendFailing, 1) == 0) LogSendDropped(_logger, dropped);
                try
                {
                    await Task.WhenAll(pending);
                    if (pending.Count > 0 && Interlocked.Exchange(ref _sendFailing, 0) == 1)
                    {
                        LogSendResumed(_logger, dropped);
                        dropped = 0;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Not only RedisException: a connection torn down mid-send can also fail inside the client's own
                    // pipe (InvalidOperationException). Either way the messages are lost to Redis, not to anyone
                    // else: followers fill gaps from the database.
                    if (Interlocked.Exchange(ref _sendFailing, 1) == 0) LogSendFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription) LogConnectionLost(_logger, e.FailureType.ToString(), e.Exception?.Message);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription) return;
        LogConnectionRestored(_logger);
        // Whatever other instances published meanwhile was lost in transit: fill in followed articles now.
        _ = CheckAsync(immediate: true, _stopping.Token);
        _ = Task.Run(ReconnectedAsync);
    }

    /// <summary>Lets notification followers re-read what was shared while Redis was away.</summary>
    private async Task ReconnectedAsync()
    {
        Func<Task>[] handlers;
        lock (_reconnectedHandlers) handlers = [.. _reconnectedHandlers];
        foreach (var handler in handlers)
        {
            try
            {
                await handler();
            }
            catch (Exception ex)
            {
                LogReconnectedFailed(_logger, ex);
            }
        }
    }

    private static class MessageType
    {
        public const string Events = "events";
        public const string Presence = "presence";
        public const string Notification = "notification";
    }

    /// <summary>One message on the channel: a batch of Events, a presence share, or a stored notification for one person.</summary>
    private sealed record Message(
        string Instance, string Type, int ArticleId, ReviewEventBatch? Batch, IReadOnlyList<PresenceUser>? Users,
        string? UserId = null, NotificationDto? Notification = null);

    private sealed record Incoming(ReviewEventBatch Batch, bool Remote);

    private sealed record Check(int LastEventNumber, bool Immediate);

    private sealed class ArticleStream(int articleId, int last)
    {
        public int ArticleId { get; } = articleId;
        public int Followers { get; set; } = 1;
        /// <summary>What was handed to this article's followers here (only the pump moves it), by the pages' rule.</summary>
        public EventSequence Sequence { get; } = new(last);

        public int Last => Sequence.Last;
        /// <summary>The database's number at the previous check, while this instance was behind it.</summary>
        public int? Suspect { get; set; }
        public Channel<object> Work { get; } = System.Threading.Channels.Channel.CreateUnbounded<object>(new() { SingleReader = true });
    }

    private sealed class Unsubscribe(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Review bus subscribed to Redis as instance {InstanceId}")]
    private static partial void LogSubscribed(ILogger logger, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review bus cannot subscribe to Redis yet ({Reason}); retrying")]
    private static partial void LogSubscribeFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection lost ({FailureType}): {Reason}. Changes are still stored; other instances catch up when it returns")]
    private static partial void LogConnectionLost(ILogger logger, string failureType, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection restored; catching up followed articles from the database")]
    private static partial void LogConnectionRestored(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable: {Dropped} live message(s) to other instances dropped so far; they catch up from the database")]
    private static partial void LogSendDropped(ILogger logger, int dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing to Redis failed; other instances catch up from the database")]
    private static partial void LogSendFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Publishing to Redis resumed ({Dropped} message(s) dropped meanwhile)")]
    private static partial void LogSendResumed(ILogger logger, int dropped);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Article {ArticleId}: Event gap after {Last} (next is {Next}); filling in from the database")]
    private static partial void LogGap(ILogger logger, int articleId, int last, int next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleId}: delivered up to {Last} here, the database has {Stored}; filling in")]
    private static partial void LogBehind(ILogger logger, int articleId, int last, int stored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Article {ArticleId}: catch-up from the database failed")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception ex, int articleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking followed articles against the database failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Article {ArticleId}: reading the last Event number for a new follower failed")]
    private static partial void LogStartReadFailed(ILogger logger, Exception ex, int articleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Article {ArticleId}: delivering Events here failed")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception ex, int articleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Article {ArticleId}: applying another instance's presence failed")]
    private static partial void LogPresenceFailed(ILogger logger, Exception ex, int articleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} of another instance could not be handed to the pages here")]
    private static partial void LogNotificationFailed(ILogger logger, Exception ex, long notificationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing notifications after Redis came back failed")]
    private static partial void LogReconnectedFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A malformed message on the review bus channel was ignored")]
    private static partial void LogMalformed(ILogger logger, Exception ex);
}
