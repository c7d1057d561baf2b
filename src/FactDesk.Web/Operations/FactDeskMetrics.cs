using System.Diagnostics.Metrics;
using FactDesk.Web.Realtime;

namespace FactDesk.Web.Operations;

/// <summary>
/// FactDesk's own instruments, on the <c>FactDesk</c> meter (exported at /metrics with ASP.NET Core's built-in ones):
/// reviewers connected to this instance, Events stored, and how long a stored Event takes to reach this instance's
/// hub relay and review pages.
/// </summary>
public sealed class FactDeskMetrics
{
    public const string MeterName = "FactDesk";

    private readonly Counter<long> _stored;
    private readonly Histogram<double> _latency;
    private readonly TimeProvider _clock;
    private Func<IEnumerable<Measurement<int>>>? _connected;

    public FactDeskMetrics(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        var meter = meters.Create(MeterName);
        _stored = meter.CreateCounter<long>("factdesk.events.stored", "{event}",
            "Events stored (counted on the instance that stored them, when they are published after commit), by kind.");
        _latency = meter.CreateHistogram<double>("factdesk.broadcast.latency", "ms",
            "From an Event's time to the moment this instance hands it to its hub relay and review pages; source=local for this instance's writes, remote for other instances' (includes clock skew between hosts).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] });
        meter.CreateObservableUpDownCounter("factdesk.reviewers.connected", () => _connected?.Invoke() ?? [], "{reviewer}",
            "Sessions on an article on this instance: hub connections that joined one (kind=hub) and review pages (kind=circuit).");
    }

    /// <summary>Where <c>factdesk.reviewers.connected</c> is read from (the presence tracker).</summary>
    public void ObserveConnected(Func<IEnumerable<Measurement<int>>> source) => _connected = source;

    /// <summary>A batch this instance stored and now publishes.</summary>
    public void Stored(ReviewEventBatch batch)
    {
        foreach (var kind in batch.Events.GroupBy(e => e.Kind))
        {
            _stored.Add(kind.Count(), new KeyValuePair<string, object?>("kind", kind.Key));
        }
    }

    /// <summary>A batch handed to this instance's relay and pages: one measurement per batch, from its latest Event's time.</summary>
    public void Delivered(ReviewEventBatch batch, bool remote)
    {
        if (batch.Events.Count == 0) return;
        var ms = (_clock.GetUtcNow() - batch.Events.Max(e => e.At)).TotalMilliseconds;
        _latency.Record(Math.Max(0, ms), new KeyValuePair<string, object?>("source", remote ? "remote" : "local"));
    }

    public void Published(ReviewEventBatch batch, bool remote)
    {
        if (!remote) Stored(batch);
        Delivered(batch, remote);
    }
}
