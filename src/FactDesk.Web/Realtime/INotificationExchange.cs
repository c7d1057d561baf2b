
namespace FactDesk.Web.Realtime;

/// <summary>
/// Notifications across instances: a notification is stored once, by the instance that stored its Event, which then
/// tells the others (over the review bus channel, tagged with its instance, ignored by itself) so each hands it to its
/// own open pages of that person. Nothing is stored by the others. Implemented by the Redis bus; a single instance
/// has none.
/// </summary>
public interface INotificationExchange
{
    /// <summary>Tells the other instances about a stored notification. Never throws, never waits for the network (dropped while Redis is away).</summary>
    void ShareNotification(string userId, NotificationDto notification);

    /// <summary>Calls <paramref name="handler"/> for each notification another instance stored, in the order received.</summary>
    void OnRemoteNotification(Func<string, NotificationDto, Task> handler);

    /// <summary>
    /// Calls <paramref name="handler"/> after the connection to the other instances came back: what they shared
    /// meanwhile was lost in transit, so open pages should re-read their notifications from the database.
    /// </summary>
    void OnReconnected(Func<Task> handler);
}
