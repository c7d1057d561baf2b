using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Realtime;

namespace FactDesk.Web.Tests.Scale;

/// <summary>
/// Follows an article on one instance's review event bus, as a review page (Blazor circuit) does — but without the
/// page's own gap filling, so what it records is exactly what the bus delivered.
/// </summary>
public sealed class BusFollower : IDisposable
{
    private readonly object _gate = new();
    private readonly List<ReviewEventDto> _received = [];
    private readonly List<PresenceSnapshot> _presence = [];
    private readonly IDisposable _subscription;

    public BusFollower(IReviewEventBus bus, int articleId, int startAfter)
    {
        StartAfter = startAfter;
        _subscription = bus.Subscribe(articleId,
            batch =>
            {
                lock (_gate) _received.AddRange(batch.Events);
                return Task.CompletedTask;
            },
            snapshot =>
            {
                lock (_gate) _presence.Add(snapshot);
                return Task.CompletedTask;
            });
    }

    public int StartAfter { get; }

    public IReadOnlyList<int> Numbers
    {
        get { lock (_gate) return _received.Select(e => e.Number).ToList(); }
    }

    public IReadOnlyList<ReviewEventDto> Received
    {
        get { lock (_gate) return [.. _received]; }
    }

    public IReadOnlyList<PresenceSnapshot> Presence
    {
        get { lock (_gate) return [.. _presence]; }
    }

    /// <summary>Polls until the follower has every number up to <paramref name="last"/>; false on timeout.</summary>
    public async Task<bool> WaitForAsync(int last, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Numbers.Count > 0 && Numbers[^1] >= last) return true;
            await Task.Delay(50);
        }
        return Numbers.Count > 0 && Numbers[^1] >= last;
    }

    public void Dispose() => _subscription.Dispose();
}
