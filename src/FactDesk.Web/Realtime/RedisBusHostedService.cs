namespace FactDesk.Web.Realtime;

/// <summary>
/// Runs the Redis side of the review bus for the app's lifetime: the channel's send and subscribe loops
/// (<see cref="RedisBusChannel"/>) and the Event bus's periodic check against the database (<see cref="RedisReviewEventBus"/>).
/// </summary>
public sealed class RedisBusHostedService(RedisBusChannel channel, RedisReviewEventBus bus) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        channel.Start(_stopping.Token);
        bus.Start(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await channel.StopAsync(cancellationToken);
        await bus.StopAsync(cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();
}
