using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FactDesk.Web.Security;

/// <summary>
/// What an unexpected failure answers outside Development: RFC 7807 problem details to API and script clients, a short
/// page with a sentence to a browser — with the status the failure had (500), never a 405 from re-running the request
/// against a route that does not take its method. The detail goes to the log, not to the client.
/// </summary>
public static partial class ErrorResponses
{
    public const string Sentence = "Something went wrong on FactDesk’s side, and what you just did may not have been saved. Go back and try again; if it keeps happening, tell the desk’s administrator.";

    public static IApplicationBuilder UseFactDeskErrors(this IApplicationBuilder app) => app.UseExceptionHandler(new ExceptionHandlerOptions
    {
        ExceptionHandler = WriteAsync,
        // Handled exceptions (the database-unavailable handler) keep their own status; the rest are 500.
        StatusCodeSelector = _ => StatusCodes.Status500InternalServerError,
    });

    private static async Task WriteAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>();
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("FactDesk.Errors");
        LogUnhandled(logger, error?.Error, context.Request.Method, context.Request.Path, context.TraceIdentifier);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        var wantsHtml = !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/hubs")
            && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (wantsHtml)
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync($"""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Something went wrong · FactDesk</title></head>
                <body><h1>Something went wrong</h1><p role="alert">{WebUtility.HtmlEncode(Sentence)}</p>
                <p>Reference: {WebUtility.HtmlEncode(context.TraceIdentifier)}</p><p><a href="/">Back to the desk</a></p></body></html>
                """);
            return;
        }
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "Unexpected error",
            Detail = Sentence,
            Extensions = { ["traceId"] = context.TraceIdentifier },
        };
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await writer.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
            await Results.Problem(problem).ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception? ex, string method, string path, string traceId);
}
