using System.Collections.Concurrent;

namespace FactDesk.Web.Realtime;

/// <summary>
/// Carries stored Events and presence to whoever follows an article. Only the write path publishes Events, and only
/// after commit, so nothing that was not stored is ever seen. Presence is soft state and is never stored.
/// </summary>
public interface IReviewEventBus
{
    Task PublishAsync(ReviewEventBatch batch, CancellationToken cancellationToken);

    Task PublishPresenceAsync(PresenceSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Follows one article. Dispose the result to stop.</summary>
    IDisposable Subscribe(int articleId, Func<ReviewEventBatch, Task> onEvents, Func<PresenceSnapshot, Task>? onPresence = null);

    /// <summary>
    /// Follows every article's Events as published on this instance, and every presence change shown here (the hub
    /// relay, notifications). With several instances each one hears only its own writes here: the SignalR backplane
    /// carries hub messages to the others, and notifications are stored once.
    /// </summary>
    /// <param name="inline">
    /// Start handling a message on the publisher's own thread when this subscriber is idle, instead of on another
    /// thread (one hand-over less). Only for handlers that merely issue work before their first await — the hub relay,
    /// whose sends write into connections' buffers — since the publisher runs them up to that point.
    /// </param>
    IDisposable SubscribeAll(Func<ReviewEventBatch, Task> onEvents, Func<PresenceSnapshot, Task> onPresence, bool inline = false);
}

/// <summary>
/// In-process bus: the circuits and hub connections of this instance (dotnet/eShop's notification pattern). Each
/// subscriber has its own ordered queue and pump, so publishing only hands messages over — a slow page never holds up
/// a writer or another subscriber — and each subscriber still sees messages in the order they were published.
/// An inline subscriber (the hub relay) starts an idle turn on the publisher's thread; its pump takes over at the
/// handler's first await, and messages published meanwhile queue behind it as for any other subscriber.
/// </summary>
public sealed partial class InProcessReviewEventBus(ILogger<InProcessReviewEventBus> logger, Operations.FactDeskMetrics? metrics = null) : IReviewEventBus
{
    private const int AllArticles = -1;
    private readonly ConcurrentDictionary<int, Subscriber[]> _subscribers = new();

    public Task PublishAsync(ReviewEventBatch batch, CancellationToken cancellationToken)
    {
        metrics?.Published(batch, remote: false);
        Deliver(batch.ArticleId, batch);
        return Task.CompletedTask;
    }

    public Task PublishPresenceAsync(PresenceSnapshot snapshot, CancellationToken cancellationToken)
    {
        Deliver(snapshot.ArticleId, snapshot);
        return Task.CompletedTask;
    }

    public IDisposable Subscribe(int articleId, Func<ReviewEventBatch, Task> onEvents, Func<PresenceSnapshot, Task>? onPresence = null) =>
        Add(articleId, new Subscriber(articleId, onEvents, onPresence, inline: false, logger));

    public IDisposable SubscribeAll(Func<ReviewEventBatch, Task> onEvents, Func<PresenceSnapshot, Task> onPresence, bool inline = false) =>
        Add(AllArticles, new Subscriber(AllArticles, onEvents, onPresence, inline, logger));

    private void Deliver(int articleId, object message)
    {
        DeliverToFollowers(articleId, message);
        DeliverToAll(message);
    }

    /// <summary>Hands a message to the followers of one article only (not to <see cref="SubscribeAll"/>).</summary>
    internal void DeliverToFollowers(int articleId, object message)
    {
        if (!_subscribers.TryGetValue(articleId, out var subscribers)) return;
        foreach (var subscriber in subscribers) subscriber.Enqueue(message);
    }

    /// <summary>Hands a message to the <see cref="SubscribeAll"/> subscribers only.</summary>
    internal void DeliverToAll(object message)
    {
        if (!_subscribers.TryGetValue(AllArticles, out var subscribers)) return;
        foreach (var subscriber in subscribers) subscriber.Enqueue(message);
    }

    private IDisposable Add(int key, Subscriber subscriber)
    {
        _subscribers.AddOrUpdate(key, _ => [subscriber], (_, existing) => [.. existing, subscriber]);
        return new Subscription(() =>
        {
            _subscribers.AddOrUpdate(key, _ => [], (_, existing) => existing.Where(s => s != subscriber).ToArray());
            subscriber.Complete();
        });
    }

    /// <summary>
    /// One subscriber's ordered queue. While a message is being handled, later ones wait in the queue and the same
    /// turn handles them after it, in order; when idle, a new message starts a turn on the thread pool, or, inline,
    /// on the publisher's thread.
    /// </summary>
    private sealed partial class Subscriber(int articleId, Func<ReviewEventBatch, Task> onEvents, Func<PresenceSnapshot, Task>? onPresence, bool inline, ILogger logger)
    {
        private readonly Queue<object> _queue = new();
        private bool _busy;
        private bool _completed;

        public void Enqueue(object message)
        {
            lock (_queue)
            {
                if (_completed) return;
                if (_busy)
                {
                    _queue.Enqueue(message);
                    return;
                }
                _busy = true;
            }
            if (inline) _ = RunAsync(message);
            else ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Subscriber.RunAsync(state.Message), (Subscriber: this, Message: message), preferLocal: false);
        }

        public void Complete()
        {
            lock (_queue)
            {
                _completed = true;
                _queue.Clear();
            }
        }

        private async Task RunAsync(object message)
        {
            while (true)
            {
                try
                {
                    await (message switch
                    {
                        ReviewEventBatch batch => onEvents(batch),
                        PresenceSnapshot snapshot when onPresence is not null => onPresence(snapshot),
                        _ => Task.CompletedTask,
                    });
                }
                catch (Exception ex)
                {
                    // One broken subscriber (a closed circuit) must not stop its own later messages, nor anyone else's.
                    LogSubscriberFailed(logger, ex, articleId);
                }
                lock (_queue)
                {
                    if (_completed || !_queue.TryDequeue(out message!))
                    {
                        _busy = false;
                        return;
                    }
                }
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber to article {ArticleId} failed to take a message")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception ex, int articleId);
}
