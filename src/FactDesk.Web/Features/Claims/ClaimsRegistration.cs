using FactDesk.Core.Claims;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Features.Claims;

public static class ClaimsRegistration
{
    /// <summary>Claim spotting: the desk's spotter (shipped model unless the desk switched to its own), labels, re-scoring.</summary>
    public static void AddFactDeskClaims(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // the model loads here, at start, not on the first import
        services.AddSingleton(sp => new ClaimSpotter(new ClaimSpotterOptions
        {
            Threshold = sp.GetRequiredService<IOptions<FactDeskOptions>>().Value.Claims.SuggestThreshold,
        }));
        services.AddSingleton<ClaimModelService>();
        services.AddHostedService<ClaimModelFollower>();
        services.AddSingleton<ClaimLabels>();
        services.AddScoped<ClaimScoring>();
    }
}
