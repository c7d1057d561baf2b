namespace FactDesk.Web.Data;

/// <summary>
/// Timestamps at the precision both databases keep: SQLite's binary form holds 0.1 ms, PostgreSQL 1 µs. A change
/// stamped with a finer time would be sent live with one value and read back later with another, so the same Event
/// or note would differ between a reviewer who saw it arrive and one who caught up.
/// </summary>
public static class StoredTime
{
    /// <summary>The finest step kept by every supported database, in ticks (0.1 ms).</summary>
    public const long Step = TimeSpan.TicksPerMillisecond / 10;

    /// <summary><paramref name="value"/> cut to <see cref="Step"/> (offsets are whole minutes, so the instant is cut the same way).</summary>
    public static DateTimeOffset Of(DateTimeOffset value) => value.AddTicks(-(value.Ticks % Step));

    /// <inheritdoc cref="Of(DateTimeOffset)"/>
    public static DateTimeOffset? Of(DateTimeOffset? value) => value is { } v ? Of(v) : null;

    /// <summary>The current time as it will be stored.</summary>
    public static DateTimeOffset Now(TimeProvider clock) => Of(clock.GetUtcNow());
}
