namespace FactDesk.Web.Features.Desk;

public static class DeskRegistration
{
    /// <summary>The desk: the list of articles with their progress.</summary>
    public static void AddFactDeskDesk(this IHostApplicationBuilder builder) =>
        builder.Services.AddScoped<DeskQueries>();
}
