using FactDesk.Web.Realtime;
using FactDesk.Web.Tests.Infrastructure;
using StackExchange.Redis;
using FactDesk.Web.Api;

namespace FactDesk.Web.Tests.Scale;

/// <summary>
/// The SignalR backplane connects to Redis when the instance starts, not on the first hub connection; and when Redis
/// only comes up later, once it is there. Seen from Redis: the backplane's subscription to its hub's "all" channel exists before any
/// client connects.
/// </summary>
[Collection(ScaleCollection.Name)]
public sealed class BackplaneStartTests
{
    [SkippableFact]
    public async Task InstanceStart_BeforeAnyHubConnection_BackplaneIsSubscribed()
    {
        RedisServer.SkipIfUnavailable();
        await using var redis = await RedisServer.StartNewAsync();
        await using var instance = StartInstance(redis);

        await WaitForBackplaneChannelAsync(redis);
    }

    [SkippableFact]
    public async Task RedisComesUpAfterTheInstance_BackplaneSubscribesOnceItIsThere()
    {
        RedisServer.SkipIfUnavailable();
        await using var redis = await RedisServer.StartNewAsync();
        await redis.StopAsync();
        await using var instance = StartInstance(redis);
        await Task.Delay(TimeSpan.FromSeconds(1));

        await redis.StartAsync();

        await WaitForBackplaneChannelAsync(redis);
    }

    private static ScaleInstance StartInstance(RedisServer redis)
    {
        var instance = new ScaleInstance("backplane", new Dictionary<string, string?>
        {
            ["FactDesk:Database:Provider"] = "Sqlite",
            ["ConnectionStrings:FactDesk"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"factdesk-backplane-{Guid.NewGuid():N}.db")}",
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
        });
        instance.Start();
        return instance;
    }

    private static async Task WaitForBackplaneChannelAsync(RedisServer redis)
    {
        await using var observer = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var server = observer.GetServer(observer.GetEndPoints().Single());
        var pattern = RedisChannel.Pattern($"{ScaleOut.BackplanePrefix}*{typeof(ReviewHub).FullName}:all");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        RedisChannel[] channels;
        while ((channels = await server.SubscriptionChannelsAsync(pattern)).Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The SignalR backplane did not subscribe to Redis within 30 s of the instance's start, with no hub connection made.");
            await Task.Delay(200);
        }
        Assert.Single(channels);
    }
}
