using System.Collections.Frozen;
using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FactDesk.Web.Data;

/// <summary>
/// The unit of work allowed to write an article's rows now, on this flow: the article journal's database context.
/// <see cref="ArticleWriteGuard"/> refuses any command that writes an article's tables from any other context, so a
/// change that tries to skip the journal (and with it the rights, the lock, the blind pass, versions and the Event
/// log) fails loudly at once instead of storing silently. Only the journal opens one (checked by WritePathGuardTests).
/// </summary>
public static class ArticleWriteScope
{
    private static readonly AsyncLocal<DbContext?> Current = new();

    /// <summary>Lets <paramref name="db"/> write article rows until the returned scope is disposed.</summary>
    internal static Scope Open(DbContext db)
    {
        var previous = Current.Value;
        Current.Value = db;
        return new Scope(previous);
    }

    internal static bool Allows(DbContext? db) => db is not null && ReferenceEquals(Current.Value, db);

    internal readonly struct Scope(DbContext? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

/// <summary>Thrown when something writes an article's rows outside the journal: a bug, never a user's mistake.</summary>
public sealed class WriteOutsideJournalException(string message) : InvalidOperationException(message);

/// <summary>
/// Refuses INSERT, UPDATE and DELETE on an article's tables (the article, its sources, claims, evidence, notes,
/// Events, sessions and what belongs to them: every table with an ArticleId, ClaimId or SessionId) unless the command
/// comes from the context of the open <see cref="ArticleWriteScope"/>. Reads, and the desk's other tables (accounts,
/// tokens, notifications, fact-check collections), are not its business.
/// </summary>
internal sealed partial class ArticleWriteGuard : DbCommandInterceptor
{
    private static readonly object Sync = new();
    private static FrozenSet<string>? _tables;

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Check(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbCommand command, CommandEventData eventData)
    {
        var context = eventData.Context;
        if (context is null || ArticleWriteScope.Allows(context)) return;
        if (WrittenTable(command.CommandText, Tables(context)) is { } table)
            throw new WriteOutsideJournalException(
                $"The article table \"{table}\" was written outside the article journal (ArticleJournal): every change to an article goes through it.");
    }

    /// <summary>The first article table <paramref name="sql"/> inserts into, updates or deletes from; null when none.</summary>
    internal static string? WrittenTable(string sql, IReadOnlySet<string> tables)
    {
        // Most commands are reads: skip them without a regex.
        if (sql.IndexOf("INSERT", StringComparison.OrdinalIgnoreCase) < 0 && sql.IndexOf("UPDATE", StringComparison.OrdinalIgnoreCase) < 0
            && sql.IndexOf("DELETE", StringComparison.OrdinalIgnoreCase) < 0) return null;
        foreach (Match m in Write().Matches(sql))
        {
            if (tables.Contains(m.Groups["table"].Value)) return m.Groups["table"].Value;
        }
        return null;
    }

    private static FrozenSet<string> Tables(DbContext context)
    {
        if (_tables is { } known) return known;
        lock (Sync)
        {
            return _tables ??= context.Model.GetEntityTypes()
                .Where(t => t.ClrType == typeof(Article) || t.GetProperties().Any(p => p.Name is "ArticleId" or "ClaimId" or "SessionId"))
                .Select(t => t.GetTableName()).OfType<string>()
                .ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        }
    }

    [GeneratedRegex("""(?:\bINSERT\s+(?:OR\s+\w+\s+)?INTO|(?<!\bFOR\s)\bUPDATE|\bDELETE\s+FROM)\s+(?:"?\w+"?\.)?"?(?<table>\w+)"?""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Write();
}
