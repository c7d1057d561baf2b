namespace FactDesk.Web.Realtime;

/// <summary>Presence across instances over <see cref="RedisBusChannel"/>: shares this instance's own people per article, hears the others'.</summary>
public sealed class RedisPresenceExchange(RedisBusChannel channel) : IPresenceExchange
{
    public void Share(int articleId, IReadOnlyList<PresenceUser> own) => channel.Send(BusMessageType.Presence, articleId, users: own);

    public void OnRemote(Func<RemotePresence, Task> handler) => channel.OnPresence(handler);
}
