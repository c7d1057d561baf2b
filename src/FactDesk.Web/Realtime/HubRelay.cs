using Microsoft.AspNetCore.SignalR;

namespace FactDesk.Web.Realtime;

/// <summary>Forwards the bus to hub groups: Events to everyone on the article but the connection that caused them.</summary>
public sealed class HubRelay(IReviewEventBus bus, IHubContext<ReviewHub, IReviewClient> hub) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.SubscribeAll(
            batch => batch.Origin is { } origin
                ? hub.Clients.GroupExcept(ReviewHub.Group(batch.ArticleId), origin).Events(batch.Events)
                : hub.Clients.Group(ReviewHub.Group(batch.ArticleId)).Events(batch.Events),
            snapshot => hub.Clients.Group(ReviewHub.Group(snapshot.ArticleId)).Presence(snapshot));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
