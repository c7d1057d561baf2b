using System.Reflection;
using FactDesk.Web.Realtime;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace FactDesk.Web.Tests.Realtime;

/// <summary>
/// The courier between instances survives its Redis client being torn down under it: a host killed mid-session
/// (its client closed while reviewers still write) stops cleanly, and a publish that throws does not end sending.
/// </summary>
public sealed class RedisBusChannelTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ClientDisposedUnderTheSender_PublishThrowsAtOnce_SendingGoesOnAndStopEndsCleanly()
    {
        var client = DisposedClient.Create(out var state);
        var channel = new RedisBusChannel(client, NullLogger<RedisBusChannel>.Instance);
        using var stopping = new CancellationTokenSource();
        channel.Start(stopping.Token);

        channel.Send(BusMessageType.Presence, 1, users: []);
        Assert.True(await state.WaitForPublishesAsync(1, Patience), "The first message was never tried.");
        // The first publish threw synchronously; the loop must still be there for the next message.
        channel.Send(BusMessageType.Presence, 2, users: []);
        Assert.True(await state.WaitForPublishesAsync(2, Patience),
            "After a publish threw ObjectDisposedException, the send loop stopped: later messages were never tried.");

        await stopping.CancelAsync();
        await channel.StopAsync(CancellationToken.None).WaitAsync(Patience); // throws before the fix
    }

    /// <summary>What a multiplexer disposed between the connected check and the call looks like to the courier.</summary>
    public class DisposedClient : DispatchProxy
    {
        public sealed class State
        {
            private int _publishes;
            public void Published() => Interlocked.Increment(ref _publishes);

            public async Task<bool> WaitForPublishesAsync(int count, TimeSpan patience)
            {
                var until = DateTime.UtcNow + patience;
                while (Volatile.Read(ref _publishes) < count)
                {
                    if (DateTime.UtcNow > until) return false;
                    await Task.Delay(10);
                }
                return true;
            }
        }

        private State _state = null!;
        private object _subscriber = null!;

        public static IConnectionMultiplexer Create(out State state)
        {
            state = new State();
            var client = Create<IConnectionMultiplexer, DisposedClient>();
            var proxy = (DisposedClient)(object)client;
            proxy._state = state;
            var subscriber = Create<ISubscriber, DisposedClient>();
            ((DisposedClient)(object)subscriber)._state = state;
            proxy._subscriber = subscriber;
            return client;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod?.Name)
            {
                case "get_IsConnected":
                    return true; // it was, a moment ago
                case "GetSubscriber":
                    return _subscriber;
                case "PublishAsync":
                    _state.Published();
                    throw new ObjectDisposedException("factdesk");
                case "SubscribeAsync":
                case "UnsubscribeAsync":
                    throw new ObjectDisposedException("factdesk");
                default:
                    // Event add/remove and anything else the courier does not use.
                    return targetMethod?.ReturnType is { IsValueType: true } type && type != typeof(void) ? Activator.CreateInstance(type) : null;
            }
        }
    }
}
