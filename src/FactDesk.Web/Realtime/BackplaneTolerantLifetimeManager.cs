using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace FactDesk.Web.Realtime;

/// <summary>
/// The Redis backplane of <typeparamref name="THub"/>, patient with a Redis that has just come back. The backplane
/// subscribes each new connection to its Redis channels after the handshake; while the client library is still
/// reconnecting (commands fail fast, <see cref="ScaleOut.RedisOptions"/>) that subscription failed and SignalR closed
/// the connection — a client that joined right after a Redis restart saw "Websocket closed with error:
/// InternalServerError". Here the subscription is tried again for up to <see cref="ConnectPatience"/>, while the
/// client's first invocation (JoinArticle) simply waits; only a Redis that stays away closes the connection, as before.
/// </summary>
public sealed partial class BackplaneTolerantLifetimeManager<THub>(HubLifetimeManager<THub> inner, ILogger<BackplaneTolerantLifetimeManager<THub>> logger, TimeProvider clock)
    : HubLifetimeManager<THub>, IDisposable where THub : Hub
{
    public static readonly TimeSpan ConnectPatience = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(250);

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        var deadline = clock.GetUtcNow() + ConnectPatience;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await inner.OnConnectedAsync(connection);
                if (attempt > 1) LogSubscribedAfterRetry(logger, connection.ConnectionId, attempt);
                return;
            }
            catch (Exception ex) when (IsBackplaneDown(ex) && clock.GetUtcNow() < deadline && !connection.ConnectionAborted.IsCancellationRequested)
            {
                if (attempt == 1) LogWaitingForBackplane(logger, connection.ConnectionId, ex.Message);
                await Task.Delay(RetryEvery, clock, connection.ConnectionAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Redis unreachable or still reconnecting, as opposed to a bug.</summary>
    public static bool IsBackplaneDown(Exception ex) => ex is RedisException or RedisTimeoutException or TimeoutException
        || ex.InnerException is RedisException;

    public override Task OnDisconnectedAsync(HubConnectionContext connection) => inner.OnDisconnectedAsync(connection);
    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) => inner.SendAllAsync(methodName, args, cancellationToken);
    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) => inner.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);
    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) => inner.SendConnectionAsync(connectionId, methodName, args, cancellationToken);
    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) => inner.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken);
    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) => inner.SendGroupAsync(groupName, methodName, args, cancellationToken);
    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) => inner.SendGroupsAsync(groupNames, methodName, args, cancellationToken);
    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) => inner.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);
    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) => inner.SendUserAsync(userId, methodName, args, cancellationToken);
    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) => inner.SendUsersAsync(userIds, methodName, args, cancellationToken);
    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) => inner.AddToGroupAsync(connectionId, groupName, cancellationToken);
    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) => inner.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) => inner.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);
    public override Task SetConnectionResultAsync(string connectionId, Microsoft.AspNetCore.SignalR.Protocol.CompletionMessage result) => inner.SetConnectionResultAsync(connectionId, result);
    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) => inner.TryGetReturnType(invocationId, out type);

    public void Dispose() => (inner as IDisposable)?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub connection {ConnectionId} arrived while the Redis backplane is reconnecting ({Reason}); subscribing again until it is back")]
    private static partial void LogWaitingForBackplane(ILogger logger, string connectionId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hub connection {ConnectionId} subscribed to the backplane on attempt {Attempt}")]
    private static partial void LogSubscribedAfterRetry(ILogger logger, string connectionId, int attempt);
}
