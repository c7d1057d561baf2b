using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FactDesk.Web.Realtime;

public static class RealtimeRegistration
{
    /// <summary>The event bus (in process, or over Redis between instances), presence, the re-check of hub callers, and Redis's health check when Redis is configured.</summary>
    public static void AddFactDeskRealtime(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddReviewEventBus(builder.Configuration);
        if (ScaleOut.RedisConnectionString(builder.Configuration) is not null)
            services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", failureStatus: HealthStatus.Degraded);
        services.AddSingleton<PresenceTracker>();
        services.AddSingleton<HubCallerGuard>();
        services.AddHostedService(sp => sp.GetRequiredService<HubCallerGuard>());
        services.AddHostedService(sp => sp.GetRequiredService<PresenceTracker>());
        services.AddScoped<CircuitPresence>();
        services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<CircuitPresence>());
    }
}
