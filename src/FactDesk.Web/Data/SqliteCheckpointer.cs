using Microsoft.Data.Sqlite;

namespace FactDesk.Web.Data;

/// <summary>
/// Moves SQLite's WAL checkpoints off the commit path at the rates reviewers write. By default the connection whose
/// commit takes the write-ahead log past 1,000 pages copies the log into the database file there and then, with two
/// fsyncs, so now and then one change waits several milliseconds for work that is not its own (measured in process at
/// 200 changes/s: p99 1.6 ms with it, 1.1–1.2 ms without). Here a background loop runs a PASSIVE checkpoint every
/// <see cref="Interval"/> on its own connection; PASSIVE never blocks readers or writers, and at such rates it keeps
/// the log far below 1,000 pages, so commits never reach their own checkpoint.
/// <para>
/// Commits keep SQLite's automatic checkpoint at its default (1,000 pages). Flat out, writers append
/// faster than a concurrent checkpoint can finish, and a log is only started over after a complete one; a larger
/// limit let it grow to 8,000 pages and made the eventual commit-time checkpoint a 100 ms+ stall (N = 50 at 3,000
/// changes/s), so at high rates commits checkpoint exactly as SQLite does by default.
/// </para>
/// </summary>
internal sealed partial class SqliteCheckpointer(string connectionString, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString)
    {
        // Never create the file: until the first start has migrated it there is nothing to checkpoint.
        Mode = SqliteOpenMode.ReadWrite,
        Pooling = false,
    }.ToString();

    /// <summary>Whether a database has a write-ahead log to checkpoint (an in-memory database has none).</summary>
    public static bool Applies(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.Mode != SqliteOpenMode.Memory && builder.DataSource is { Length: > 0 } source && source != ":memory:";
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        SqliteConnection? connection = null;
        var failures = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (connection is null)
                    {
                        connection = new SqliteConnection(_connectionString);
                        await connection.OpenAsync(stoppingToken);
                    }
                    var (busy, log, done) = await CheckpointAsync(connection, stoppingToken);
                    if (failures > 0) LogRecovered(logger, failures);
                    failures = 0;
                    if (busy == 0 && log > 0 && log == done) LogCheckpointed(logger, done);
                }
                catch (SqliteException ex)
                {
                    // The file may not exist yet (before the first migration) or be briefly unavailable; the next tick
                    // tries again, and commits checkpoint by themselves meanwhile, as SQLite does by default.
                    if (++failures == 1 || failures % 240 == 0) LogFailed(logger, ex, failures);
                    if (connection is not null) await connection.DisposeAsync();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync();
        }
    }

    /// <summary>One PASSIVE checkpoint: (1 if it could not finish, frames in the log, frames copied to the database).</summary>
    internal static async Task<(long Busy, long Log, long Checkpointed)> CheckpointAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : (0, 0, 0);
    }

    [LoggerMessage(Level = LogLevel.Trace, Message = "Checkpointed {Frames} WAL frames")]
    private static partial void LogCheckpointed(ILogger logger, long frames);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The background WAL checkpoint failed ({Failures} times in a row); commits checkpoint by themselves meanwhile")]
    private static partial void LogFailed(ILogger logger, Exception ex, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "The background WAL checkpoint works again after {Failures} failures")]
    private static partial void LogRecovered(ILogger logger, int failures);
}
