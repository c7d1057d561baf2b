using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Localization;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Features.FactChecks;

/// <summary>A collection as the page and the API show it.</summary>
public sealed record CollectionInfo(int Id, string Name, int Count, int Embedded, DateTimeOffset CreatedAt, DateTimeOffset? LastImportAt);

/// <summary>Lists and deletes collections.</summary>
public sealed partial class FactCheckCollections(IDbContextFactory<FactDeskDbContext> dbFactory, FactCheckIndexer indexer, ILogger<FactCheckCollections> logger)
{
    public async Task<IReadOnlyList<CollectionInfo>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Set<FactCheck>().GroupBy(f => f.CollectionId)
            .Select(g => new { g.Key, Count = g.Count(), Embedded = g.Count(f => f.IndexStamp > 0) }).ToDictionaryAsync(g => g.Key, ct);
        var collections = await db.Set<FactCheckCollection>().AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        return collections.Select(c => counts.TryGetValue(c.Id, out var n)
            ? new CollectionInfo(c.Id, c.Name, n.Count, n.Embedded, c.CreatedAt, c.LastImportAt)
            : new CollectionInfo(c.Id, c.Name, 0, 0, c.CreatedAt, c.LastImportAt)).ToList();
    }

    public async Task<WriteResult<bool>> DeleteAsync(Actor actor, int id, CancellationToken ct)
    {
        if (!actor.IsEditor) return WriteResult<bool>.Forbidden(Say.Text("FactChecks.OnlyEditorsDelete"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var name = await db.Set<FactCheckCollection>().Where(c => c.Id == id).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (name is null) return WriteResult<bool>.NotFound($"Collection {id} does not exist.");
        await db.Set<FactCheck>().Where(f => f.CollectionId == id).ExecuteDeleteAsync(ct);
        await db.Set<FactCheckCollection>().Where(c => c.Id == id).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        indexer.Forget(id);
        LogDeleted(logger, name, id, actor.UserId);
        return WriteResult<bool>.Success(true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted fact-check collection {Name} ({Id}) by {UserId}")]
    private static partial void LogDeleted(ILogger logger, string name, int id, string userId);
}
