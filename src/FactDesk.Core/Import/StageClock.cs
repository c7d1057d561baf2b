using System.Diagnostics;

namespace FactDesk.Core.Import;

/// <summary>
/// Where an HTML import's time and allocations go, stage by stage, for the extraction benchmark's <c>--stages</c> breakdown.
/// Off unless a caller starts one on its thread: then each <see cref="Lap"/> is a null check.
/// </summary>
internal sealed class StageClock
{
    [ThreadStatic] private static StageClock? current;

    private readonly Dictionary<string, (double Ms, long Bytes, int Count)> laps = new(StringComparer.Ordinal);
    private long lastTicks = Stopwatch.GetTimestamp();
    private long lastBytes = GC.GetAllocatedBytesForCurrentThread();

    /// <summary>Time and bytes allocated per stage name, summed over the laps of that name, in the order first seen.</summary>
    public IReadOnlyDictionary<string, (double Ms, long Bytes, int Count)> Laps => laps;

    /// <summary>Starts a clock on the calling thread; laps from here on are counted into it until <see cref="Stop"/>.</summary>
    public static StageClock Start() => current = new StageClock();

    /// <summary>Stops counting on the calling thread.</summary>
    public static void Stop() => current = null;

    /// <summary>Counts the time and allocations since the previous lap (or the start) into <paramref name="stage"/>.</summary>
    public static void Lap(string stage)
    {
        if (current is not { } clock) return;
        long now = Stopwatch.GetTimestamp(), bytes = GC.GetAllocatedBytesForCurrentThread();
        var (ms, allocated, count) = clock.laps.GetValueOrDefault(stage);
        clock.laps[stage] = (ms + Stopwatch.GetElapsedTime(clock.lastTicks, now).TotalMilliseconds, allocated + bytes - clock.lastBytes, count + 1);
        clock.lastTicks = Stopwatch.GetTimestamp();
        clock.lastBytes = GC.GetAllocatedBytesForCurrentThread();
    }
}
