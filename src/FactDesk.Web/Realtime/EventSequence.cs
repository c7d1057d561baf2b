
namespace FactDesk.Web.Realtime;

/// <summary>
/// The one rule for following an article's Events, shared by the pages (<see cref="ArticleFollower"/>) and the Redis
/// streams: Event numbers are gapless, so each Event is applied exactly once and in number order, and a gap (a lost or
/// late message) is filled from the Event log before anything after it. Planning does not advance the sequence: a
/// follower advances it only once it has applied what was planned, so a failure in between loses nothing.
/// </summary>
/// <param name="last">The number of the last Event already applied.</param>
public sealed class EventSequence(int last)
{
    /// <summary>How many Events one read of the log returns at most while filling a gap.</summary>
    public const int ReadSize = 500;

    /// <summary>The number of the last Event applied.</summary>
    public int Last { get; private set; } = last;

    /// <summary>
    /// The Events to apply next, in order: those of <paramref name="incoming"/> not applied yet, preceded by whatever
    /// the log holds between <see cref="Last"/> and the first of them. Empty when everything was applied already.
    /// </summary>
    /// <param name="incoming">Events as they arrived (any order, possibly repeated or already applied).</param>
    /// <param name="log">Reads Events after a number, at most a count of them, in number order.</param>
    public async Task<IReadOnlyList<ReviewEventDto>> PlanAsync(IReadOnlyList<ReviewEventDto> incoming,
        Func<int, int, CancellationToken, Task<IReadOnlyList<ReviewEventDto>>> log, CancellationToken cancellationToken)
    {
        var fresh = new List<ReviewEventDto>(incoming.Count);
        var seen = new HashSet<int>();
        foreach (var e in incoming)
        {
            if (e.Number > Last && seen.Add(e.Number)) fresh.Add(e);
        }
        if (fresh.Count == 0) return fresh;
        fresh.Sort(static (a, b) => a.Number.CompareTo(b.Number));
        var plan = new List<ReviewEventDto>(fresh.Count);
        var next = Last + 1;
        foreach (var e in fresh)
        {
            if (e.Number > next)
            {
                // A gap: everything before this Event comes from the log first.
                await FillAsync(plan, next, e.Number - 1, log, cancellationToken);
                next = plan.Count > 0 ? plan[^1].Number + 1 : next;
            }
            if (e.Number < next) continue; // the log had it already
            plan.Add(e);
            next = e.Number + 1;
        }
        return plan;
    }

    /// <summary>
    /// Whether <paramref name="events"/> are exactly the next ones (Last+1, Last+2, … in order): the common case, which
    /// a follower can hand on as it is, without planning.
    /// </summary>
    public bool IsNext(IReadOnlyList<ReviewEventDto> events)
    {
        if (events.Count == 0) return false;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Number != Last + 1 + i) return false;
        }
        return true;
    }

    /// <summary>Everything the log holds after <see cref="Last"/> up to <paramref name="upTo"/> (all of it when null).</summary>
    public async Task<IReadOnlyList<ReviewEventDto>> PlanFromLogAsync(int? upTo,
        Func<int, int, CancellationToken, Task<IReadOnlyList<ReviewEventDto>>> log, CancellationToken cancellationToken)
    {
        var plan = new List<ReviewEventDto>();
        await FillAsync(plan, Last + 1, upTo ?? int.MaxValue, log, cancellationToken);
        return plan;
    }

    /// <summary>Records that the planned Events were applied.</summary>
    public void Advance(IReadOnlyList<ReviewEventDto> applied)
    {
        if (applied.Count > 0 && applied[^1].Number > Last) Last = applied[^1].Number;
    }

    private static async Task FillAsync(List<ReviewEventDto> plan, int from, int upTo,
        Func<int, int, CancellationToken, Task<IReadOnlyList<ReviewEventDto>>> log, CancellationToken cancellationToken)
    {
        var after = from - 1;
        while (after < upTo)
        {
            var read = await log(after, ReadSize, cancellationToken);
            foreach (var e in read)
            {
                if (e.Number <= after || e.Number > upTo) continue;
                plan.Add(e);
                after = e.Number;
            }
            if (read.Count < ReadSize || read[^1].Number >= upTo) return;
        }
    }
}
