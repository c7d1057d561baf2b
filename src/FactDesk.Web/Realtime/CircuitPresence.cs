using Microsoft.AspNetCore.Components.Server.Circuits;

namespace FactDesk.Web.Realtime;

/// <summary>
/// A circuit's identity for presence and echo suppression. A dropped connection keeps the circuit's presence for a
/// grace period; a closed circuit (tab closed, circuit evicted) leaves every article at once.
/// </summary>
public sealed class CircuitPresence(PresenceTracker presence) : CircuitHandler
{
    /// <summary>What a circuit's session id starts with; a hub connection's session id is its connection id.</summary>
    public const string Prefix = "circuit:";

    public string SessionId { get; } = Prefix + Guid.NewGuid().ToString("N");

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        presence.MarkDown(SessionId);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        presence.MarkUp(SessionId);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken) => presence.LeaveAllAsync(SessionId);
}
