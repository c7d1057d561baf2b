using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using FactDesk.Web.Localization;

namespace FactDesk.Web.Data;

/// <summary>
/// The one place that tells "the database is unreachable right now" and "a concurrent writer already inserted this"
/// apart from real faults, for both providers. The API answers the first as 503, the hub as a HubException.
/// </summary>
public static class DatabaseErrors
{
    public static string UnavailableTitle => Say.Text("Problem.DatabaseUnavailable");
    public static string UnavailableMessage => Say.Text("Db.Unavailable");
    /// <summary>What a page shows in place of what it could not read.</summary>
    public static string ReadUnavailableMessage => Say.Text("Db.ReadUnavailable");

    /// <summary>The server cannot be reached or refuses work for now (network, shutdown, too many connections, SQLite busy).</summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    // 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now; 53300: too many connections.
                    if (pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300") return true;
                    break;
                case NpgsqlException npgsql when npgsql.IsTransient:
                    // Not a server error: a broken or refused connection, a timeout, an exhausted pool.
                    return true;
                case SqliteException sqlite when sqlite.SqliteErrorCode is 5 /* SQLITE_BUSY */ or 6 /* SQLITE_LOCKED */ or 14 /* SQLITE_CANTOPEN */:
                    return true;
                case SocketException:
                    return true;
            }
        }
        return false;
    }

    /// <summary>A unique index refused the row: someone else inserted it first.</summary>
    public static bool IsUniqueViolation(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
            // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
            if (e is SqliteException { SqliteErrorCode: 19 } sqlite && sqlite.SqliteExtendedErrorCode is 2067 or 1555) return true;
        }
        return false;
    }
}
