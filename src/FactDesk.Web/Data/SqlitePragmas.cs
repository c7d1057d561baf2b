using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FactDesk.Web.Data;

/// <summary>
/// Per-connection SQLite settings. In WAL mode, synchronous=NORMAL keeps the database consistent after a crash and
/// only risks the last commits on power loss, for a many-fold gain in commit rate; foreign keys are on by default in
/// EF's SQLite provider; busy_timeout lets concurrent writers wait instead of failing. (The automatic WAL checkpoint
/// keeps its default: <see cref="SqliteCheckpointer"/> checkpoints in the background before commits get to it.)
/// These settings belong to the physical connection, which Microsoft.Data.Sqlite pools and reuses across opens, so
/// they are set once per physical connection rather than on every open (one statement less per unit of work).
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
    private static readonly ConditionalWeakTable<object, object> Configured = new();
    private static readonly object Done = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsConfigured(connection, out var handle)) return;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
        if (handle is not null) Configured.AddOrUpdate(handle, Done);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsConfigured(connection, out var handle)) return;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        if (handle is not null) Configured.AddOrUpdate(handle, Done);
    }

    private static bool IsConfigured(DbConnection connection, out object? handle)
    {
        handle = (connection as SqliteConnection)?.Handle;
        return handle is not null && Configured.TryGetValue(handle, out _);
    }
}
