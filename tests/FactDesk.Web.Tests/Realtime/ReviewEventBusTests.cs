using FactDesk.Web.Realtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactDesk.Web.Tests.Realtime;

/// <summary>
/// The in-process bus hands messages over without waiting for subscribers, keeps each subscriber's order, and
/// lets an inline subscriber (the hub relay) start on the publisher's thread when it is idle.
/// </summary>
public sealed class ReviewEventBusTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static ReviewEventBatch Batch(int number) => new(7, [], Origin: $"m{number}");

    [Fact]
    public async Task SlowSubscriber_HoldsUpNeitherThePublisherNorOthers_AndStillSeesEverythingInOrder()
    {
        var bus = new InProcessReviewEventBus(NullLogger<InProcessReviewEventBus>.Instance);
        var release = new TaskCompletionSource();
        var slow = new List<string>();
        var quick = new List<string>();
        var quickDone = new TaskCompletionSource();
        using var a = bus.Subscribe(7, async b =>
        {
            await release.Task;
            lock (slow) slow.Add(b.Origin!);
        });
        using var c = bus.Subscribe(7, b =>
        {
            lock (quick)
            {
                quick.Add(b.Origin!);
                if (quick.Count == 5) quickDone.TrySetResult();
            }
            return Task.CompletedTask;
        });

        for (var i = 1; i <= 5; i++)
        {
            var published = bus.PublishAsync(Batch(i), CancellationToken.None);
            Assert.True(published.IsCompletedSuccessfully);
        }
        await quickDone.Task.WaitAsync(Patience);
        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], quick);
        lock (slow) Assert.Empty(slow);

        release.SetResult();
        await WaitUntilAsync(() => { lock (slow) return slow.Count == 5; });
        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], slow);
    }

    [Fact]
    public async Task InlineSubscriber_WhenIdle_StartsOnThePublishersThread_OthersNever()
    {
        var bus = new InProcessReviewEventBus(NullLogger<InProcessReviewEventBus>.Instance);
        int? inlineThread = null, pumpedThread = null;
        var pumped = new TaskCompletionSource();
        using var inline = bus.SubscribeAll(_ =>
        {
            inlineThread = Environment.CurrentManagedThreadId;
            return Task.CompletedTask;
        }, _ => Task.CompletedTask, inline: true);
        using var other = bus.SubscribeAll(_ =>
        {
            pumpedThread = Environment.CurrentManagedThreadId;
            pumped.TrySetResult();
            return Task.CompletedTask;
        }, _ => Task.CompletedTask);

        var publisher = 0;
        var thread = new Thread(() =>
        {
            publisher = Environment.CurrentManagedThreadId;
            bus.PublishAsync(Batch(1), CancellationToken.None).GetAwaiter().GetResult();
        });
        thread.Start();
        thread.Join();
        Assert.Equal(publisher, inlineThread);
        await pumped.Task.WaitAsync(Patience);
        Assert.NotEqual(publisher, pumpedThread);
    }

    [Fact]
    public async Task InlineSubscriber_WhileBusy_LaterMessagesWaitTheirTurn_InOrder()
    {
        var bus = new InProcessReviewEventBus(NullLogger<InProcessReviewEventBus>.Instance);
        var release = new TaskCompletionSource();
        var seen = new List<string>();
        using var inline = bus.SubscribeAll(async b =>
        {
            lock (seen) seen.Add("start " + b.Origin);
            if (b.Origin == "m1") await release.Task;
            lock (seen) seen.Add("end " + b.Origin);
        }, _ => Task.CompletedTask, inline: true);

        await bus.PublishAsync(Batch(1), CancellationToken.None);
        await bus.PublishAsync(Batch(2), CancellationToken.None);
        await bus.PublishAsync(Batch(3), CancellationToken.None);
        // m1 is still in progress: nothing after it has started, and the publisher was not held up.
        lock (seen) Assert.Equal(["start m1"], seen);

        release.SetResult();
        await WaitUntilAsync(() => { lock (seen) return seen.Count == 6; });
        Assert.Equal(["start m1", "end m1", "start m2", "end m2", "start m3", "end m3"], seen);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SubscriberThatThrows_NeitherFailsThePublisherNorMissesItsLaterMessages(bool inline)
    {
        var bus = new InProcessReviewEventBus(NullLogger<InProcessReviewEventBus>.Instance);
        var seen = new List<string>();
        using var subscription = bus.SubscribeAll(b =>
        {
            lock (seen) seen.Add(b.Origin!);
            if (b.Origin == "m1") throw new InvalidOperationException("a closed circuit");
            return b.Origin == "m2" ? Task.FromException(new InvalidOperationException("failed later")) : Task.CompletedTask;
        }, _ => Task.CompletedTask, inline);

        for (var i = 1; i <= 3; i++) await bus.PublishAsync(Batch(i), CancellationToken.None);
        await WaitUntilAsync(() => { lock (seen) return seen.Count == 3; });
        Assert.Equal(["m1", "m2", "m3"], seen);
    }

    [Fact]
    public async Task DisposedSubscription_GetsNothingMore()
    {
        var bus = new InProcessReviewEventBus(NullLogger<InProcessReviewEventBus>.Instance);
        var seen = 0;
        var subscription = bus.Subscribe(7, _ =>
        {
            Interlocked.Increment(ref seen);
            return Task.CompletedTask;
        });
        await bus.PublishAsync(Batch(1), CancellationToken.None);
        await WaitUntilAsync(() => Volatile.Read(ref seen) == 1);
        subscription.Dispose();
        await bus.PublishAsync(Batch(2), CancellationToken.None);
        await Task.Delay(200);
        Assert.Equal(1, Volatile.Read(ref seen));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The subscriber did not get its messages in time.");
            await Task.Delay(10);
        }
    }
}
