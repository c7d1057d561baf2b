using FactDesk.Web.Data;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Tests.FactChecks;

public static class FactCheckTestKit
{
    private const string Collection = "Test kit checks";

    /// <summary>
    /// Puts one published fact-check on the desk (straight into its table, so no article's Events move) and answers
    /// its URL, new each call: a match an action can name.
    /// </summary>
    public static async Task<string> AddFactCheckAsync(this FactDeskFactory factory, string claimReviewed, string rating)
    {
        await using var db = await factory.CreateDbContextAsync();
        var collection = await db.Set<FactCheckCollection>().FirstOrDefaultAsync(c => c.Name == Collection);
        if (collection is null)
        {
            collection = new FactCheckCollection { Name = Collection, CreatedAt = DateTimeOffset.UtcNow };
            db.Add(collection);
            await db.SaveChangesAsync();
        }
        var url = $"https://checks.example/kit/{Guid.NewGuid():N}";
        db.Add(new FactCheck
        {
            CollectionId = collection.Id, Url = url, ClaimReviewed = claimReviewed, Rating = rating, Publisher = "Example Checks",
            DatePublished = DateTimeOffset.UtcNow.AddDays(-30), Language = "en", ImportedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return url;
    }
}
