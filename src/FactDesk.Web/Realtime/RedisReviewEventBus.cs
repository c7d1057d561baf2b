using System.Threading.Channels;
using FactDesk.Web.Data;
using FactDesk.Web.Operations;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Realtime;

/// <summary>
/// The review event bus across instances. This instance's subscribers get its own publishes at once, in order, as
/// with <see cref="InProcessReviewEventBus"/>; every batch also goes to the other instances over
/// <see cref="RedisBusChannel"/>, and other instances' batches reach the followers of their article here.
/// <para>
/// Redis is a courier, not a store: Events come from the database. Per followed article the bus keeps the last Event
/// number it delivered; a batch that skips ahead is preceded by the missing Events read from the database, a number
/// already delivered is dropped. After Redis comes back, and every few seconds in any case, followed articles are
/// checked against <c>Article.LastEventNumber</c>, so a page converges even when no further Event arrives. Publishing
/// never waits for Redis. Presence and notifications have their own exchanges over the same channel
/// (<see cref="RedisPresenceExchange"/>, <see cref="RedisNotificationExchange"/>); <see cref="RedisBusHostedService"/> runs it all.
/// </para>
/// </summary>
public sealed partial class RedisReviewEventBus : IReviewEventBus
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(3);
    private readonly InProcessReviewEventBus _local;
    private readonly RedisBusChannel _channel;
    private readonly IServiceScopeFactory _scopes;
    private readonly IDbContextFactory<FactDeskDbContext> _dbFactory;
    private readonly FactDeskMetrics? _metrics;
    private readonly ILogger<RedisReviewEventBus> _logger;
    private readonly Dictionary<int, ArticleStream> _streams = new();
    private CancellationToken _stop = CancellationToken.None;
    private Task _checking = Task.CompletedTask;

    public RedisReviewEventBus(
        RedisBusChannel channel,
        IServiceScopeFactory scopes,
        IDbContextFactory<FactDeskDbContext> dbFactory,
        ILoggerFactory loggers,
        FactDeskMetrics? metrics = null)
    {
        (_channel, _scopes, _dbFactory, _metrics) = (channel, scopes, dbFactory, metrics);
        _logger = loggers.CreateLogger<RedisReviewEventBus>();
        _local = new InProcessReviewEventBus(loggers.CreateLogger<InProcessReviewEventBus>());
        channel.OnEvents(batch =>
        {
            Post(batch.ArticleId, new Incoming(batch, Remote: true));
            return Task.CompletedTask;
        });
        // Whatever other instances published meanwhile was lost in transit: fill in followed articles now.
        channel.OnRestored(() => CheckAsync(immediate: true, _stop));
    }

    public Task PublishAsync(ReviewEventBatch batch, CancellationToken cancellationToken)
    {
        _metrics?.Published(batch, remote: false);
        _local.DeliverToAll(batch);
        Post(batch.ArticleId, new Incoming(batch, Remote: false));
        _channel.Send(BusMessageType.Events, batch.ArticleId, batch);
        return Task.CompletedTask;
    }

    /// <summary>Shows a merged snapshot to this instance's followers; what goes to the others is <see cref="RedisPresenceExchange.Share"/>.</summary>
    public Task PublishPresenceAsync(PresenceSnapshot snapshot, CancellationToken cancellationToken) =>
        _local.PublishPresenceAsync(snapshot, cancellationToken);

    public IDisposable Subscribe(int articleId, Func<ReviewEventBatch, Task> onEvents, Func<PresenceSnapshot, Task>? onPresence = null)
    {
        var stream = Follow(articleId);
        var inner = _local.Subscribe(articleId, onEvents, onPresence);
        return new Unsubscribe(() =>
        {
            inner.Dispose();
            lock (_streams)
            {
                if (--stream.Followers > 0) return;
                _streams.Remove(articleId);
            }
            stream.Work.Writer.TryComplete();
        });
    }

    public IDisposable SubscribeAll(Func<ReviewEventBatch, Task> onEvents, Func<PresenceSnapshot, Task> onPresence, bool inline = false) =>
        _local.SubscribeAll(onEvents, onPresence, inline);

    /// <summary>Starts checking followed articles against the database every <see cref="CheckInterval"/>.</summary>
    internal void Start(CancellationToken stopping)
    {
        _stop = stopping;
        _checking = Task.Run(() => CheckLoopAsync(stopping), CancellationToken.None);
    }

    /// <summary>Waits for the check loop to end; its token must be cancelled already.</summary>
    internal async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _checking.WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // Shutting down: nothing to save, the Events are in the database.
        }
    }

    /// <summary>Checks every followed article against the database now (also used by tests).</summary>
    internal Task CheckNowAsync() => CheckAsync(immediate: true, _stop);

    private ArticleStream Follow(int articleId)
    {
        lock (_streams)
        {
            if (_streams.TryGetValue(articleId, out var existing))
            {
                existing.Followers++;
                return existing;
            }
        }
        // The first follower here: start from the article's current number, read before the follower is added, so an
        // Event stored from now on is delivered (or filled in) and one stored before is in the follower's own read.
        var last = ReadLastEventNumber(articleId);
        lock (_streams)
        {
            if (_streams.TryGetValue(articleId, out var raced))
            {
                raced.Followers++;
                return raced;
            }
            var stream = new ArticleStream(articleId, last);
            _streams[articleId] = stream;
            _ = Task.Run(() => PumpAsync(stream));
            return stream;
        }
    }

    private int ReadLastEventNumber(int articleId)
    {
        try
        {
            using var db = _dbFactory.CreateDbContext();
            return db.Articles.AsNoTracking().Where(a => a.Id == articleId).Select(a => a.LastEventNumber).FirstOrDefault();
        }
        catch (Exception ex)
        {
            // Start from nothing: the first batch then fills in from the database, and followers drop what they have.
            LogStartReadFailed(_logger, ex, articleId);
            return 0;
        }
    }

    private void Post(int articleId, object work)
    {
        ArticleStream? stream;
        lock (_streams) _streams.TryGetValue(articleId, out stream);
        stream?.Work.Writer.TryWrite(work);
    }

    /// <summary>One article's deliveries here, one at a time and in Event-number order.</summary>
    private async Task PumpAsync(ArticleStream stream)
    {
        await foreach (var work in stream.Work.Reader.ReadAllAsync())
        {
            try
            {
                switch (work)
                {
                    case Incoming incoming:
                        await DeliverAsync(stream, incoming.Batch, incoming.Remote);
                        break;
                    case Check check:
                        await CheckStreamAsync(stream, check);
                        break;
                }
            }
            catch (Exception ex)
            {
                LogDeliveryFailed(_logger, ex, stream.ArticleId);
            }
        }
    }

    private async Task DeliverAsync(ArticleStream stream, ReviewEventBatch batch, bool remote)
    {
        var sequence = stream.Sequence;
        if (sequence.IsNext(batch.Events))
        {
            // The common case: exactly the next Events, handed on as they came.
            sequence.Advance(batch.Events);
            if (remote) _metrics?.Delivered(batch, remote: true);
            _local.DeliverToFollowers(stream.ArticleId, batch);
            return;
        }
        IReadOnlyList<ReviewEventDto> plan;
        try
        {
            // The pages' rule (EventSequence): in order, once, a gap filled from the log first.
            plan = await sequence.PlanAsync(batch.Events, (after, limit, ct) => ReadLogAsync(stream.ArticleId, after, limit, ct), _stop);
        }
        catch (Exception ex) when (!_stop.IsCancellationRequested)
        {
            // Delivered as it is, then: followers fill gaps themselves, and the next check tries again.
            LogCatchUpFailed(_logger, ex, stream.ArticleId);
            plan = await sequence.PlanAsync(batch.Events, static (_, _, _) => Task.FromResult<IReadOnlyList<ReviewEventDto>>([]), CancellationToken.None);
        }
        if (plan.Count == 0) return; // delivered already (or filled in from the database)
        if (plan[0].Number > sequence.Last + 1 || plan.Count > batch.Events.Count) LogGap(_logger, stream.ArticleId, sequence.Last, plan[^1].Number);
        var inBatch = new HashSet<int>(batch.Events.Count);
        foreach (var e in batch.Events) inBatch.Add(e.Number);
        var delivered = ReviewEventBatch.Of(stream.ArticleId, plan.Select(e => (e, inBatch.Contains(e.Number) ? batch.OriginOf(e) : null)).ToList());
        sequence.Advance(plan);
        if (remote || plan.Count > batch.Events.Count) _metrics?.Delivered(delivered, remote: true);
        _local.DeliverToFollowers(stream.ArticleId, delivered);
    }

    private async Task<IReadOnlyList<ReviewEventDto>> ReadLogAsync(int articleId, int after, int limit, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IArticleEventLog>().GetEventsAsync(articleId, after, Math.Min(limit, IArticleEventLog.MaxCatchUp), ct);
    }

    /// <summary>
    /// The database is ahead of what was delivered here. A difference seen once may be a batch on its way (stored, not
    /// yet published): it is filled in only when still there at the next check, or at once after Redis came back.
    /// </summary>
    private async Task CheckStreamAsync(ArticleStream stream, Check check)
    {
        if (stream.Last >= check.LastEventNumber)
        {
            stream.Suspect = null;
            return;
        }
        if (check.Immediate || stream.Suspect is { } suspect && stream.Last < suspect)
        {
            LogBehind(_logger, stream.ArticleId, stream.Last, check.LastEventNumber);
            await CatchUpAsync(stream, upTo: check.LastEventNumber);
        }
        stream.Suspect = stream.Last < check.LastEventNumber ? check.LastEventNumber : null;
    }

    /// <summary>Delivers the Events after the last delivered one up to <paramref name="upTo"/>, from the database (the hub's JoinArticle query).</summary>
    private async Task CatchUpAsync(ArticleStream stream, int upTo)
    {
        try
        {
            var missing = await stream.Sequence.PlanFromLogAsync(upTo, (after, limit, ct) => ReadLogAsync(stream.ArticleId, after, limit, ct), _stop);
            if (missing.Count == 0) return;
            var batch = new ReviewEventBatch(stream.ArticleId, missing, Origin: null);
            stream.Sequence.Advance(missing);
            _metrics?.Delivered(batch, remote: true);
            _local.DeliverToFollowers(stream.ArticleId, batch);
        }
        catch (Exception ex) when (!_stop.IsCancellationRequested)
        {
            // Delivered as it is, then: followers fill gaps themselves, and the next check tries again.
            LogCatchUpFailed(_logger, ex, stream.ArticleId);
        }
    }

    private async Task CheckLoopAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(CheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await CheckAsync(immediate: false, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CheckAsync(bool immediate, CancellationToken stop)
    {
        int[] followed;
        lock (_streams) followed = [.. _streams.Keys];
        if (followed.Length == 0) return;
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync(stop);
            var numbers = await db.Articles.AsNoTracking().Where(a => followed.Contains(a.Id))
                .Select(a => new { a.Id, a.LastEventNumber }).ToListAsync(stop);
            foreach (var row in numbers) Post(row.Id, new Check(row.LastEventNumber, immediate));
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            LogCheckFailed(_logger, ex);
        }
    }

    private sealed record Incoming(ReviewEventBatch Batch, bool Remote);

    private sealed record Check(int LastEventNumber, bool Immediate);

    private sealed class ArticleStream(int articleId, int last)
    {
        public int ArticleId { get; } = articleId;
        public int Followers { get; set; } = 1;
        /// <summary>What was handed to this article's followers here (only the pump moves it), by the pages' rule.</summary>
        public EventSequence Sequence { get; } = new(last);

        public int Last => Sequence.Last;
        /// <summary>The database's number at the previous check, while this instance was behind it.</summary>
        public int? Suspect { get; set; }
        public Channel<object> Work { get; } = System.Threading.Channels.Channel.CreateUnbounded<object>(new() { SingleReader = true });
    }

    private sealed class Unsubscribe(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Article {ArticleId}: Event gap after {Last} (next is {Next}); filling in from the database")]
    private static partial void LogGap(ILogger logger, int articleId, int last, int next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleId}: delivered up to {Last} here, the database has {Stored}; filling in")]
    private static partial void LogBehind(ILogger logger, int articleId, int last, int stored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Article {ArticleId}: catch-up from the database failed")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception ex, int articleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking followed articles against the database failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Article {ArticleId}: reading the last Event number for a new follower failed")]
    private static partial void LogStartReadFailed(ILogger logger, Exception ex, int articleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Article {ArticleId}: delivering Events here failed")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception ex, int articleId);

}
