using FactDesk.Web.Realtime;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using FactDesk.Web.Api;

namespace FactDesk.Web.Tests.Security;

/// <summary>F12 at its root: a connection arriving while Redis reconnects waits for it instead of being closed.</summary>
public sealed class BackplaneToleranceTests
{
    /// <summary>A backplane whose Redis is away for the first <c>failures</c> subscriptions (the client library failing fast).</summary>
    private sealed class FlakyBackplane(int failures) : HubLifetimeManager<ReviewHub>
    {
        public int Attempts;
        public override Task OnConnectedAsync(HubConnectionContext connection) =>
            ++Attempts <= failures ? throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No connection is active/available to service this operation") : Task.CompletedTask;
        public override Task OnDisconnectedAsync(HubConnectionContext connection) => Task.CompletedTask;
        public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private static HubConnectionContext Connection() =>
        new(new DefaultConnectionContext("c1"), new HubConnectionContextOptions { KeepAliveInterval = TimeSpan.FromSeconds(15), ClientTimeoutInterval = TimeSpan.FromSeconds(30) }, NullLoggerFactory.Instance);

    [Fact]
    public async Task OnConnected_RedisBackAfterAFewTries_ConnectionKept()
    {
        var inner = new FlakyBackplane(failures: 3);
        var manager = new BackplaneTolerantLifetimeManager<ReviewHub>(inner, NullLogger<BackplaneTolerantLifetimeManager<ReviewHub>>.Instance, TimeProvider.System);

        await manager.OnConnectedAsync(Connection());

        Assert.Equal(4, inner.Attempts);
    }

    [Fact]
    public async Task OnConnected_NotABackplaneFailure_NotRetried()
    {
        var manager = new BackplaneTolerantLifetimeManager<ReviewHub>(new ThrowsBug(), NullLogger<BackplaneTolerantLifetimeManager<ReviewHub>>.Instance, TimeProvider.System);

        await Assert.ThrowsAsync<ArgumentException>(() => manager.OnConnectedAsync(Connection()));
    }

    private sealed class ThrowsBug : HubLifetimeManager<ReviewHub>
    {
        public override Task OnConnectedAsync(HubConnectionContext connection) => throw new ArgumentException("a bug");
        public override Task OnDisconnectedAsync(HubConnectionContext connection) => Task.CompletedTask;
        public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
