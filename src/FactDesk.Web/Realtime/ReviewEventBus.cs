using System.Collections.Concurrent;
using FactDesk.Web.Features.Review;

namespace FactDesk.Web.Realtime;

/// <summary>
/// Carries stored Events to whoever follows an article. Only the write path publishes, and only after commit,
/// so nothing that was not stored is ever seen.
/// </summary>
public interface IReviewEventBus
{
    Task PublishAsync(IReadOnlyList<ReviewEventDto> events, CancellationToken cancellationToken);

    /// <summary>Follows one article's Events. Dispose the result to stop.</summary>
    IDisposable Subscribe(int articleId, Func<IReadOnlyList<ReviewEventDto>, Task> handler);
}

/// <summary>In-process bus: the circuits and hub connections of this instance (dotnet/eShop's notification pattern).</summary>
public sealed partial class InProcessReviewEventBus(ILogger<InProcessReviewEventBus> logger) : IReviewEventBus
{
    private readonly ConcurrentDictionary<int, ImmutableHandlers> _subscribers = new();

    public async Task PublishAsync(IReadOnlyList<ReviewEventDto> events, CancellationToken cancellationToken)
    {
        foreach (var group in events.GroupBy(e => e.ArticleId))
        {
            if (!_subscribers.TryGetValue(group.Key, out var handlers)) continue;
            var batch = group.ToArray();
            foreach (var handler in handlers.Items)
            {
                try
                {
                    await handler(batch);
                }
                catch (Exception ex)
                {
                    // One broken subscriber (a closed circuit) must not stop delivery to the others.
                    LogSubscriberFailed(logger, ex, group.Key);
                }
            }
        }
    }

    public IDisposable Subscribe(int articleId, Func<IReadOnlyList<ReviewEventDto>, Task> handler)
    {
        _subscribers.AddOrUpdate(articleId, _ => new([handler]), (_, h) => new([.. h.Items, handler]));
        return new Subscription(() =>
        {
            _subscribers.AddOrUpdate(articleId, _ => new([]), (_, h) => new([.. h.Items.Where(x => x != handler)]));
        });
    }

    private sealed record ImmutableHandlers(Func<IReadOnlyList<ReviewEventDto>, Task>[] Items);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber to article {ArticleId} failed to take Events")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception ex, int articleId);
}
