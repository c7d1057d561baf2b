using System.Security.Claims;
using FactDesk.Web.Data;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactDesk.Web.Tests.Realtime;

/// <summary>The hub filter around every hub method: a caller that left mid-write is not an error; an outage is a HubException.</summary>
public sealed class HubFilterTests
{
    [Fact]
    public async Task CallerDisconnectedWhileWaiting_IsNotAnError()
    {
        var caller = new Caller();
        caller.Abort();
        var result = await Filter().InvokeMethodAsync(Invocation(caller), _ => throw new TaskCanceledException());
        Assert.Null(result);
    }

    [Fact]
    public async Task CancelledWhileTheCallerIsStillThere_StillFails()
    {
        await Assert.ThrowsAsync<TaskCanceledException>(async () =>
            await Filter().InvokeMethodAsync(Invocation(new Caller()), _ => throw new TaskCanceledException()));
    }

    [Fact]
    public async Task DatabaseUnreachable_BecomesAHubExceptionWithTheClearMessage()
    {
        var error = await Assert.ThrowsAsync<HubException>(async () =>
            await Filter().InvokeMethodAsync(Invocation(new Caller()), _ => throw new Npgsql.NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111))));
        Assert.Equal(DatabaseErrors.UnavailableMessage, error.Message);
    }

    private static DatabaseUnavailableHubFilter Filter() => new(NullLogger<DatabaseUnavailableHubFilter>.Instance);

    private static HubInvocationContext Invocation(HubCallerContext caller) =>
        new(caller, new ServiceCollection().BuildServiceProvider(), new StandInHub(), typeof(StandInHub).GetMethod(nameof(StandInHub.Write))!, []);

    private sealed class StandInHub : Hub
    {
        public Task Write() => Task.CompletedTask;
    }

    private sealed class Caller : HubCallerContext
    {
        private readonly CancellationTokenSource _aborted = new();
        public override string ConnectionId => "connection-1";
        public override string? UserIdentifier => null;
        public override ClaimsPrincipal? User => null;
        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();
        public override IFeatureCollection Features { get; } = new FeatureCollection();
        public override CancellationToken ConnectionAborted => _aborted.Token;
        public override void Abort() => _aborted.Cancel();
    }
}
