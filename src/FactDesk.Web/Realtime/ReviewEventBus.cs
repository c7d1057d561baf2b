using System.Collections.Concurrent;
using FactDesk.Web.Features.Review;

namespace FactDesk.Web.Realtime;

/// <summary>Stored Events of one article, as one ordered batch, with the connection or circuit that caused them.</summary>
public sealed record ReviewEventBatch(int ArticleId, IReadOnlyList<ReviewEventDto> Events, string? Origin);

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

    /// <summary>Follows every article (the hub relay).</summary>
    IDisposable SubscribeAll(Func<ReviewEventBatch, Task> onEvents, Func<PresenceSnapshot, Task> onPresence);
}

/// <summary>In-process bus: the circuits and hub connections of this instance (dotnet/eShop's notification pattern).</summary>
public sealed partial class InProcessReviewEventBus(ILogger<InProcessReviewEventBus> logger) : IReviewEventBus
{
    private const int AllArticles = -1;
    private readonly ConcurrentDictionary<int, Subscriber[]> _subscribers = new();

    public Task PublishAsync(ReviewEventBatch batch, CancellationToken cancellationToken) =>
        DeliverAsync(batch.ArticleId, s => s.OnEvents(batch));

    public Task PublishPresenceAsync(PresenceSnapshot snapshot, CancellationToken cancellationToken) =>
        DeliverAsync(snapshot.ArticleId, s => s.OnPresence?.Invoke(snapshot) ?? Task.CompletedTask);

    public IDisposable Subscribe(int articleId, Func<ReviewEventBatch, Task> onEvents, Func<PresenceSnapshot, Task>? onPresence = null) =>
        Add(articleId, new Subscriber(onEvents, onPresence));

    public IDisposable SubscribeAll(Func<ReviewEventBatch, Task> onEvents, Func<PresenceSnapshot, Task> onPresence) =>
        Add(AllArticles, new Subscriber(onEvents, onPresence));

    private async Task DeliverAsync(int articleId, Func<Subscriber, Task> deliver)
    {
        foreach (var key in new[] { articleId, AllArticles })
        {
            if (!_subscribers.TryGetValue(key, out var subscribers)) continue;
            foreach (var subscriber in subscribers)
            {
                try
                {
                    await deliver(subscriber);
                }
                catch (Exception ex)
                {
                    // One broken subscriber (a closed circuit) must not stop delivery to the others.
                    LogSubscriberFailed(logger, ex, articleId);
                }
            }
        }
    }

    private IDisposable Add(int key, Subscriber subscriber)
    {
        _subscribers.AddOrUpdate(key, _ => [subscriber], (_, existing) => [.. existing, subscriber]);
        return new Subscription(() => _subscribers.AddOrUpdate(key, _ => [], (_, existing) => existing.Where(s => s != subscriber).ToArray()));
    }

    private sealed record Subscriber(Func<ReviewEventBatch, Task> OnEvents, Func<PresenceSnapshot, Task>? OnPresence);

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
