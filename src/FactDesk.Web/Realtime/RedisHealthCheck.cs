using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace FactDesk.Web.Realtime;

/// <summary>
/// Redis, when configured: a PING through the app's own connection. Down is Degraded, not Unhealthy: this instance
/// still serves and stores every change; only live sync with the other instances waits for Redis.
/// </summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        const string down = "Redis is unreachable: live sync with other instances is paused (changes are stored; reviewers catch up when it returns)";
        if (!redis.IsConnected) return HealthCheckResult.Degraded($"{down}. Not connected.");
        try
        {
            var rtt = await redis.GetDatabase().PingAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"Redis answers PING in {rtt.TotalMilliseconds:0.#} ms.");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            return HealthCheckResult.Degraded($"{down}. {ex.Message}");
        }
    }
}
