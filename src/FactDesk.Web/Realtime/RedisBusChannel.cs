using System.Text.Json;
using System.Threading.Channels;
using StackExchange.Redis;

namespace FactDesk.Web.Realtime;

/// <summary>
/// The courier between instances: one Redis pub/sub channel that carries Event batches, presence shares and stored
/// notifications, each tagged with the sending instance (which ignores its own). Sending never waits for Redis: a
/// message that cannot be sent is logged and dropped (receivers catch up from the database). Messages received from
/// the others go to the handlers of their type: the Event bus (<see cref="RedisReviewEventBus"/>), the presence
/// exchange (<see cref="RedisPresenceExchange"/>) and the notification exchange (<see cref="RedisNotificationExchange"/>).
/// After the connection comes back, the restored handlers run: what was sent meanwhile was lost in transit.
/// Started and stopped by <see cref="RedisBusHostedService"/>.
/// </summary>
public sealed partial class RedisBusChannel(IConnectionMultiplexer redis, ILogger<RedisBusChannel> logger)
{
    /// <summary>The one channel the instances share (the SignalR backplane uses its own, prefixed "factdesk").</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal("factdesk:review-bus");
    private const int OutboundCapacity = 10_000;

    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    private readonly Channel<BusMessage> _outbound = System.Threading.Channels.Channel.CreateBounded<BusMessage>(
        new BoundedChannelOptions(OutboundCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly List<Func<ReviewEventBatch, Task>> _eventHandlers = [];
    private readonly List<Func<RemotePresence, Task>> _presenceHandlers = [];
    private readonly List<Func<string, NotificationDto, Task>> _notificationHandlers = [];
    private readonly List<Func<Task>> _restoredHandlers = [];
    private readonly List<Task> _loops = [];
    private int _sendFailing;

    /// <summary>This instance's id on the channel (a new one per process).</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..^20];

    /// <summary>Queues a message for the other instances. Never throws, never waits for the network.</summary>
    public void Send(string type, int articleId, ReviewEventBatch? batch = null, IReadOnlyList<PresenceUser>? users = null,
        string? userId = null, NotificationDto? notification = null) =>
        _outbound.Writer.TryWrite(new BusMessage(InstanceId, type, articleId, batch, users, userId, notification));

    /// <summary>Another instance's Event batches, in the order received.</summary>
    public void OnEvents(Func<ReviewEventBatch, Task> handler) => Add(_eventHandlers, handler);

    /// <summary>Another instance's presence shares, in the order received.</summary>
    public void OnPresence(Func<RemotePresence, Task> handler) => Add(_presenceHandlers, handler);

    /// <summary>Notifications another instance stored, in the order received.</summary>
    public void OnNotification(Func<string, NotificationDto, Task> handler) => Add(_notificationHandlers, handler);

    /// <summary>After the connection to Redis came back (messages sent meanwhile were lost).</summary>
    public void OnRestored(Func<Task> handler) => Add(_restoredHandlers, handler);

    private static void Add<T>(List<T> handlers, T handler)
    {
        lock (handlers) handlers.Add(handler);
    }

    private static T[] Snapshot<T>(List<T> handlers)
    {
        lock (handlers) return [.. handlers];
    }

    internal void Start(CancellationToken stopping)
    {
        redis.ConnectionRestored += OnConnectionRestored;
        redis.ConnectionFailed += OnConnectionFailed;
        _loops.Add(Task.Run(() => SubscribeLoopAsync(stopping), CancellationToken.None));
        _loops.Add(Task.Run(() => SendLoopAsync(stopping), CancellationToken.None));
    }

    /// <summary>Stops sending and receiving; <paramref name="stopping"/> must be cancelled already.</summary>
    internal async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnConnectionRestored;
        redis.ConnectionFailed -= OnConnectionFailed;
        _outbound.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_loops).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // Shutting down: nothing to save, the Events are in the database.
        }
        catch (Exception ex)
        {
            // A loop that died of its own failure must not stop the host from stopping: the Events are stored.
            LogLoopFailed(logger, ex);
        }
        try
        {
            if (redis.IsConnected) await redis.GetSubscriber().UnsubscribeAsync(Channel);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Subscribes to the channel, retrying while Redis is away; StackExchange.Redis restores it after reconnects.</summary>
    private async Task SubscribeLoopAsync(CancellationToken stop)
    {
        for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
        {
            try
            {
                var queue = await redis.GetSubscriber().SubscribeAsync(Channel);
                queue.OnMessage(OnMessageAsync);
                LogSubscribed(logger, InstanceId);
                return;
            }
            catch (ObjectDisposedException)
            {
                // The client is gone (the host is going down): there is nothing left to subscribe with.
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Once, then about every half minute while Redis stays away.
                if (attempt % 15 == 0) LogSubscribeFailed(logger, ex.Message);
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
        BusMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<BusMessage>((string)received.Message!, Json);
        }
        catch (JsonException ex)
        {
            LogMalformed(logger, ex);
            return;
        }
        if (message is null || message.Instance == InstanceId) return;
        switch (message.Type)
        {
            case BusMessageType.Events when message.Batch is { } batch:
                foreach (var handler in Snapshot(_eventHandlers)) await handler(batch);
                break;
            case BusMessageType.Presence:
                var share = new RemotePresence(message.Instance, message.ArticleId, message.Users ?? []);
                foreach (var handler in Snapshot(_presenceHandlers))
                {
                    try
                    {
                        await handler(share);
                    }
                    catch (Exception ex)
                    {
                        LogPresenceFailed(logger, ex, message.ArticleId);
                    }
                }
                break;
            case BusMessageType.Notification when message.UserId is { } userId && message.Notification is { } notification:
                foreach (var handler in Snapshot(_notificationHandlers))
                {
                    try
                    {
                        await handler(userId, notification);
                    }
                    catch (Exception ex)
                    {
                        LogNotificationFailed(logger, ex, notification.Id);
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
                try
                {
                    var subscriber = redis.GetSubscriber();
                    while (pending.Count < 256 && reader.TryRead(out var message))
                    {
                        if (!redis.IsConnected)
                        {
                            dropped++;
                            continue;
                        }
                        // Issued in order on one connection, awaited together. A client torn down between the check
                        // and the call throws here, synchronously (ObjectDisposedException): caught below like the rest.
                        pending.Add(subscriber.PublishAsync(Channel, JsonSerializer.Serialize(message, Json)));
                    }
                    if (dropped > 0 && Interlocked.Exchange(ref _sendFailing, 1) == 0) LogSendDropped(logger, dropped);
                    await Task.WhenAll(pending);
                    if (pending.Count > 0 && Interlocked.Exchange(ref _sendFailing, 0) == 1)
                    {
                        LogSendResumed(logger, dropped);
                        dropped = 0;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Not only RedisException: a connection torn down mid-send can also fail inside the client's own
                    // pipe (InvalidOperationException), or the client may be disposed under us (ObjectDisposedException).
                    // Either way the messages are lost to Redis, not to anyone else: followers fill gaps from the
                    // database. The loop goes on, so a stop still drains and ends it.
                    if (Interlocked.Exchange(ref _sendFailing, 1) == 0) LogSendFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription) LogConnectionLost(logger, e.FailureType.ToString(), e.Exception?.Message);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription) return;
        LogConnectionRestored(logger);
        foreach (var handler in Snapshot(_restoredHandlers)) _ = RunRestoredAsync(handler);
    }

    private async Task RunRestoredAsync(Func<Task> handler)
    {
        try
        {
            await Task.Run(handler);
        }
        catch (Exception ex)
        {
            LogRestoredFailed(logger, ex);
        }
    }

    /// <summary>One message on the channel: a batch of Events, a presence share, or a stored notification for one person.</summary>
    private sealed record BusMessage(
        string Instance, string Type, int ArticleId, ReviewEventBatch? Batch, IReadOnlyList<PresenceUser>? Users,
        string? UserId = null, NotificationDto? Notification = null);

    [LoggerMessage(Level = LogLevel.Error, Message = "A review bus loop failed; stopping anyway")]
    private static partial void LogLoopFailed(ILogger logger, Exception ex);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Article {ArticleId}: applying another instance's presence failed")]
    private static partial void LogPresenceFailed(ILogger logger, Exception ex, int articleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} of another instance could not be handed to the pages here")]
    private static partial void LogNotificationFailed(ILogger logger, Exception ex, long notificationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catching up after Redis came back failed")]
    private static partial void LogRestoredFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A malformed message on the review bus channel was ignored")]
    private static partial void LogMalformed(ILogger logger, Exception ex);
}

/// <summary>The kinds of message on <see cref="RedisBusChannel"/>.</summary>
public static class BusMessageType
{
    public const string Events = "events";
    public const string Presence = "presence";
    public const string Notification = "notification";
}
