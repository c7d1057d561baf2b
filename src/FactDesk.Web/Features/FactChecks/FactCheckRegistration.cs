namespace FactDesk.Web.Features.FactChecks;

public static class FactCheckRegistration
{
    /// <summary>Collections, the background indexer, search, matches and reviewer actions.</summary>
    public static void AddFactDeskFactChecks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FactCheckOptions>().Bind(builder.Configuration.GetSection(FactCheckOptions.Section));
        services.AddSingleton<FactCheckIndex>();
        services.AddSingleton<FactCheckIndexer>();
        services.AddHostedService(sp => sp.GetRequiredService<FactCheckIndexer>());
        services.AddScoped<FactCheckImportService>();
        services.AddScoped<FactCheckSearch>();
        services.AddScoped<FactCheckCollections>();
        services.AddScoped<MatchActions>();
        services.AddSingleton<ClaimMatchMarkers>();
    }
}
