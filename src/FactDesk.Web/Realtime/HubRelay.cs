using Microsoft.AspNetCore.SignalR;

namespace FactDesk.Web.Realtime;

/// <summary>
/// Forwards the bus to hub groups: Events to everyone on the article but the connection that caused them. An Event
/// private to one person (a proposal or evidence in a blind first pass) goes only to that person and the article's
/// Editors.
/// </summary>
public sealed class HubRelay(IReviewEventBus bus, IHubContext<ReviewHub, IReviewClient> hub) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.SubscribeAll(RelayAsync, snapshot => hub.Clients.Group(ReviewHub.Group(snapshot.ArticleId)).Presence(snapshot));
        return Task.CompletedTask;
    }

    private async Task RelayAsync(ReviewEventBatch batch)
    {
        var open = batch.Events.Where(e => e.VisibleTo is null).ToList();
        if (open.Count > 0)
        {
            var group = ReviewHub.Group(batch.ArticleId);
            await (batch.Origin is { } origin
                ? hub.Clients.GroupExcept(group, origin).Events(open)
                : hub.Clients.Group(group).Events(open));
        }
        // Only to connections that joined this article, once each (an Editor is in the Editors' group, not a personal
        // one), and like open Events not echoed to the connection that made the change.
        foreach (var personal in batch.Events.Where(e => e.VisibleTo is not null).GroupBy(e => e.VisibleTo!))
        {
            var events = personal.ToList();
            foreach (var group in new[] { ReviewHub.PersonalGroup(batch.ArticleId, personal.Key), ReviewHub.EditorsGroup(batch.ArticleId) })
            {
                await (batch.Origin is { } origin
                    ? hub.Clients.GroupExcept(group, origin).Events(events)
                    : hub.Clients.Group(group).Events(events));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
