using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Realtime;

namespace FactDesk.Web.Features.Review;

public static class ReviewRegistration
{
    /// <summary>The write path (the journal, its gate and the claim group commit), the queries, and the live article follower.</summary>
    public static void AddFactDeskReview(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ArticleWriteGate>();
        services.AddSingleton<ClaimUpdateQueue>();
        services.AddSingleton<ArticleJournal>();
        services.AddScoped<ReviewService>();
        services.AddScoped<ReviewQueries>();
        // Realtime reads the log through its own interface, not through the review feature's queries.
        services.AddScoped<IArticleEventLog>(sp => sp.GetRequiredService<ReviewQueries>());
        // one per page (never shared by two pages of a circuit), stopped by the page that holds it
        services.AddTransient<ArticleFollower>();
    }
}
