using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace FactDesk.Web.Realtime;

/// <summary>
/// Several instances behind one load balancer: with <c>ConnectionStrings:Redis</c> set, the SignalR Redis backplane
/// (hub group sends reach every instance's connections) and the review event bus over Redis pub/sub (review pages on
/// every instance see each other's changes and presence). Without it, one instance and an in-process bus.
/// </summary>
public static class ScaleOut
{
    public const string ConnectionStringName = "Redis";

    /// <summary>The channel prefix of the SignalR backplane.</summary>
    public const string BackplanePrefix = "factdesk";

    public static string? RedisConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>
    /// Redis settings for FactDesk: never fail at start or when Redis goes away (keep reconnecting), and fail a command
    /// at once while disconnected instead of queueing it, so nothing waits on Redis.
    /// </summary>
    public static ConfigurationOptions RedisOptions(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ClientName ??= "factdesk";
        return options;
    }

    /// <summary>The review event bus: in process, or over Redis when it is configured.</summary>
    public static void AddReviewEventBus(this IServiceCollection services, IConfiguration configuration)
    {
        if (RedisConnectionString(configuration) is not { } redis)
        {
            services.AddSingleton<IReviewEventBus, InProcessReviewEventBus>();
            return;
        }
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisOptions(redis)));
        // One channel between the instances, and a class per role on it.
        services.AddSingleton<RedisBusChannel>();
        services.AddSingleton<RedisReviewEventBus>();
        services.AddSingleton<IReviewEventBus>(sp => sp.GetRequiredService<RedisReviewEventBus>());
        services.AddSingleton<IPresenceExchange, RedisPresenceExchange>();
        services.AddSingleton<INotificationExchange, RedisNotificationExchange>();
        services.AddHostedService<RedisBusHostedService>();
    }

    /// <summary>The SignalR Redis backplane when Redis is configured (channel prefix "factdesk").</summary>
    public static ISignalRServerBuilder AddFactDeskBackplane<THub>(this ISignalRServerBuilder signalR, IConfiguration configuration) where THub : Hub
    {
        if (RedisConnectionString(configuration) is not { } redis) return signalR;
        signalR.AddStackExchangeRedis(o =>
        {
            o.Configuration = RedisOptions(redis);
            o.Configuration.ChannelPrefix = RedisChannel.Literal(BackplanePrefix);
        });
        // The public hub waits out a Redis that is reconnecting instead of closing new connections (F12).
        signalR.Services.AddSingleton<HubLifetimeManager<THub>>(sp => new BackplaneTolerantLifetimeManager<THub>(
            ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<THub>>(sp),
            sp.GetRequiredService<ILogger<BackplaneTolerantLifetimeManager<THub>>>(), sp.GetRequiredService<TimeProvider>()));
        return signalR;
    }
}
