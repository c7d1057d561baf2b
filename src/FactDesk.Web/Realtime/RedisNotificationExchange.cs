
namespace FactDesk.Web.Realtime;

/// <summary>Stored notifications across instances over <see cref="RedisBusChannel"/>; after Redis comes back, pages re-read theirs.</summary>
public sealed class RedisNotificationExchange(RedisBusChannel channel) : INotificationExchange
{
    public void ShareNotification(string userId, NotificationDto notification) =>
        channel.Send(BusMessageType.Notification, 0, userId: userId, notification: notification);

    public void OnRemoteNotification(Func<string, NotificationDto, Task> handler) => channel.OnNotification(handler);

    public void OnReconnected(Func<Task> handler) => channel.OnRestored(handler);
}
