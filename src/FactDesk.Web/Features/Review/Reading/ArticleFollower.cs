using FactDesk.Web.Data;
using FactDesk.Web.Realtime;

namespace FactDesk.Web.Features.Review.Reading;

/// <summary>One step of an article's live Events for a page: all of them in order, and the ones its viewer may see.</summary>
/// <param name="Events">Every new Event, in number order (numbers count every Event, so gaps are real gaps).</param>
/// <param name="Visible">The ones the viewer may see (<see cref="ReviewVisibility"/>), in order.</param>
/// <param name="Others">The visible ones this page did not make itself.</param>
public sealed record ArticleUpdate(IReadOnlyList<ReviewEventDto> Events, IReadOnlyList<ReviewEventDto> Visible, IReadOnlyList<ReviewEventDto> Others);

/// <summary>
/// A page's follower of one article's Events (one per page, in the page's circuit; compare dotnet/eShop's <c>BasketState</c>). It owns what
/// every page following an article must get right, so pages only show state: subscribing and then catching up from the
/// log (an Event stored in between is dropped as a duplicate, never missed), applying Events one step at a time in
/// number order and exactly once (<see cref="EventSequence"/>, the rule the Redis streams share), filling gaps from the
/// log, filtering by what the viewer may see, and — when the database is away while a step is applied — keeping the
/// page as it was, saying so, and catching up every few seconds until it answers. Registered transient and not
/// disposable, so the page that holds it decides when it stops (<see cref="Stop"/>), never another page of the circuit.
/// </summary>
public sealed partial class ArticleFollower(IReviewEventBus bus, IArticleEventLog log, ILogger<ArticleFollower> logger)
{
    /// <summary>What a page shows while live updates are paused.</summary>
    public const string PausedMessage = "The database is unavailable right now: changes by others will appear when it is back.";

    /// <summary>How long a paused follower waits between catch-up attempts.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _applying = new(1, 1);
    private EventSequence _sequence = new(0);
    private IDisposable? _subscription;
    private Func<ArticleUpdate, Task> _apply = _ => Task.CompletedTask;
    private Func<Task> _changed = () => Task.CompletedTask;
    private Actor? _viewer;
    private string? _origin;
    private int _articleId;
    private CancellationTokenSource _stop = new();

    /// <summary>The number of the last Event applied.</summary>
    public int Last => _sequence.Last;

    /// <summary>Set while live updates are paused because the database is away (<see cref="PausedMessage"/>).</summary>
    public string? Paused { get; private set; }

    /// <summary>
    /// Follows an article from <paramref name="lastEventNumber"/> (what the page has loaded), replacing any article
    /// followed before. <paramref name="apply"/> gets every step, one at a time; a database-unavailable error thrown
    /// from it leaves the step unapplied (it comes again). <paramref name="changed"/> is told when <see cref="Paused"/> changes.
    /// </summary>
    /// <param name="origin">This page's circuit: Events it made itself are not in <see cref="ArticleUpdate.Others"/>.</param>
    public async Task FollowAsync(int articleId, int lastEventNumber, Actor? viewer, string? origin, Func<ArticleUpdate, Task> apply,
        Func<PresenceSnapshot, Task>? onPresence = null, Func<Task>? changed = null)
    {
        Stop();
        _stop = new CancellationTokenSource();
        _articleId = articleId;
        _viewer = viewer;
        _origin = origin;
        _apply = apply;
        _changed = changed ?? (() => Task.CompletedTask);
        _sequence = new EventSequence(lastEventNumber);
        Paused = null;
        // Subscribe, then catch up from the log.
        _subscription = bus.Subscribe(articleId, OnBatchAsync, onPresence);
        await CatchUpAsync();
    }

    /// <summary>Applies whatever the log holds past what was applied (after a reconnect, or to check).</summary>
    public async Task CatchUpAsync()
    {
        var stop = _stop.Token;
        await StepAsync(ct => _sequence.PlanFromLogAsync(null, ReadAsync, ct), origins: null, stop);
    }

    private Task OnBatchAsync(ReviewEventBatch batch) =>
        StepAsync(ct => _sequence.PlanAsync(batch.Events, ReadAsync, ct), batch, _stop.Token);

    private Task<IReadOnlyList<ReviewEventDto>> ReadAsync(int after, int limit, CancellationToken ct) =>
        log.GetEventsAsync(_articleId, after, limit, ct);

    private async Task StepAsync(Func<CancellationToken, Task<IReadOnlyList<ReviewEventDto>>> plan, ReviewEventBatch? origins, CancellationToken stop)
    {
        if (stop.IsCancellationRequested) return;
        try
        {
            await _applying.WaitAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            var events = await plan(stop);
            if (events.Count > 0)
            {
                var visible = events.Visible(_viewer);
                var others = origins is null || _origin is null ? visible : visible.Where(e => origins.OriginOf(e) != _origin).ToList();
                await _apply(new ArticleUpdate(events, visible, others));
                _sequence.Advance(events);
            }
            if (Paused is not null)
            {
                Paused = null;
                await _changed();
            }
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
        {
            // Nothing was applied, so nothing is half-shown: the page keeps its state until the log can be read.
            await PauseAsync();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The page stopped following.
        }
        catch (ObjectDisposedException) when (stop.IsCancellationRequested)
        {
            // The page's circuit was closed meanwhile.
        }
        finally
        {
            _applying.Release();
        }
    }

    private async Task PauseAsync()
    {
        if (Paused is not null) return;
        Paused = PausedMessage;
        LogPaused(logger, _articleId, _sequence.Last);
        await _changed();
        var stop = _stop.Token;
        _ = Task.Run(async () =>
        {
            while (Paused is not null && !stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(RetryInterval, stop);
                    await CatchUpAsync();
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);
    }

    /// <summary>Stops following (the page is closed, or the article could not be loaded). Following again starts afresh.</summary>
    public void Stop()
    {
        _subscription?.Dispose();
        _subscription = null;
        // Not disposed: a step already under way still reads its token.
        _stop.Cancel();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live updates of article {ArticleId} are paused after Event {Last}: the database is unavailable")]
    private static partial void LogPaused(ILogger logger, int articleId, int last);
}
