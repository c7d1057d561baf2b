using System.Text.Json;
using System.Text.Json.Serialization;
using FactDesk.Web.Data;
using FactDesk.Web.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace FactDesk.Web.Api;

public static class ApiRegistration
{
    /// <summary>The HTTP API (problem details, JSON, OpenAPI) and the real-time API: the review hub, its filters and its fan-out.</summary>
    public static void AddFactDeskApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHostedService<HubRelay>();
        services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = 64 * 1024;
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            // On ReviewHub's own options (they start as a copy of the global ones), so Blazor's circuit hub is untouched.
            // An unreachable database answers with one sentence first; then the caller's rights as last re-checked.
            .AddHubOptions<ReviewHub>(o =>
            {
                o.AddFilter<DatabaseUnavailableHubFilter>();
                o.AddFilter<HubCallerFilter>();
            })
            .AddFactDeskBackplane<ReviewHub>(builder.Configuration);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // Routing refuses a non-JSON body before the endpoint runs, with no detail of its own.
            if (ctx.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && ctx.ProblemDetails.Detail is null)
                ctx.ProblemDetails.Detail = "Send the body as JSON with 'Content-Type: application/json'.";
        });
        // Enums leave as the names the API takes in and records in Events ("inProgress", "supports"), not as numbers.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "FactDesk API";
            doc.Info.Description = "Import articles, read their claims and annotate them. Authenticate with a personal API token: 'Authorization: Bearer fdk_…'.";
            return Task.CompletedTask;
        }));
    }
}
