using FactDesk.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Tests.Infrastructure;

/// <summary>
/// The app's own DbContext factory, held shut until <see cref="Release"/>: a page's first read waits as it would on a
/// slow database, so a test can look at what the page shows while it loads. Only the async path is held (the one the
/// pages use); nothing is faked, the read then runs on the real database.
/// </summary>
public sealed class HeldDatabase(IDbContextFactory<FactDeskDbContext> inner) : IDbContextFactory<FactDeskDbContext>
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _open.TrySetResult();

    public FactDeskDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<FactDeskDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
    {
        await _open.Task.WaitAsync(cancellationToken);
        return await inner.CreateDbContextAsync(cancellationToken);
    }
}
