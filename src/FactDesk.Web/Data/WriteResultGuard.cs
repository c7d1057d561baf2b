using System.Runtime.CompilerServices;

namespace FactDesk.Web.Data;

/// <summary>The database side of <see cref="WriteResult{T}"/>: an unreachable database is an outcome, not a crash.</summary>
public static class WriteResult
{
    /// <summary>
    /// Runs a service's write and answers <see cref="WriteStatus.Unavailable"/> when it met an unreachable database
    /// (<see cref="DatabaseErrors.IsUnavailable"/>), so a page shows the message and keeps the reviewer's input instead
    /// of losing its circuit. Every other exception, a real bug included, still throws.
    /// </summary>
    public static async Task<WriteResult<T>> GuardAsync<T>(ILogger logger, Func<Task<WriteResult<T>>> write, [CallerMemberName] string operation = "")
    {
        try
        {
            return await write();
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
        {
            DatabaseUnavailableHandling.LogWriteUnavailable(logger, ex, operation);
            return WriteResult<T>.Unavailable(DatabaseErrors.UnavailableMessage);
        }
    }
}
