namespace FactDesk.Web.Realtime;

/// <summary>The people on an article through one other instance, as that instance last shared them.</summary>
public sealed record RemotePresence(string Instance, int ArticleId, IReadOnlyList<PresenceUser> Users);

/// <summary>
/// Presence across instances: each instance shares only its own sessions per article (never what it heard from
/// others, so nothing circulates after its source is gone) and hears the others'. Implemented by the Redis bus; a
/// single instance has none.
/// </summary>
public interface IPresenceExchange
{
    /// <summary>This instance's people on an article (empty: nobody any more). Never throws, never waits for the network.</summary>
    void Share(int articleId, IReadOnlyList<PresenceUser> own);

    /// <summary>Calls <paramref name="handler"/> for each share of another instance, in the order received.</summary>
    void OnRemote(Func<RemotePresence, Task> handler);
}
