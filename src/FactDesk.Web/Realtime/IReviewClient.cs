
namespace FactDesk.Web.Realtime;

/// <summary>
/// What the review hub calls on its clients: one coarse verb for Events, one for presence. Part of the public
/// real-time contract; see README.
/// </summary>
public interface IReviewClient
{
    /// <summary>Stored Events of an article the client joined, in Event-number order.</summary>
    Task Events(IReadOnlyList<ReviewEventDto> events);

    /// <summary>Who is on an article the client joined, and what they are doing.</summary>
    Task Presence(PresenceSnapshot presence);
}
