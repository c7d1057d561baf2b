using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;

namespace FactDesk.Web.Data;

/// <summary>
/// When the database cannot be reached, a write fails as a whole (each write is one transaction) and the caller hears
/// so plainly: HTTP answers 503 with a problem detail and Retry-After, the hub throws a HubException with the same
/// sentence. Nothing else changes: once the server is back, the connection pool opens fresh connections.
/// </summary>
internal static partial class DatabaseUnavailableHandling
{
    public static IServiceCollection AddDatabaseUnavailableHandling(this IServiceCollection services)
    {
        services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        services.AddSingleton<IDeveloperPageExceptionFilter, DatabaseUnavailableDeveloperPageFilter>();
        // The public hub puts DatabaseUnavailableHubFilter first among its filters (Api/ApiRegistration), on its own
        // options alone, so Blazor's circuit hub is untouched.
        services.AddSingleton<DatabaseUnavailableHubFilter>();
        return services;
    }

    /// <summary>How long a client should wait before sending the same write again.</summary>
    internal const string RetryAfterSeconds = "5";

    internal static async Task WriteAsync(HttpContext context, ILogger logger, Exception exception)
    {
        LogUnavailable(logger, exception, context.Request.Method, context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = DatabaseErrors.UnavailableTitle,
            Detail = DatabaseErrors.UnavailableMessage,
        };
        var writer = context.RequestServices.GetService<IProblemDetailsService>();
        if (writer is null || !await writer.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception }))
            await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is unavailable: {Method} {Path} answered 503")]
    internal static partial void LogUnavailable(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is unavailable: hub method {Method} refused")]
    internal static partial void LogHubUnavailable(ILogger logger, Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is unavailable: {Operation} answered Unavailable, nothing stored")]
    internal static partial void LogWriteUnavailable(ILogger logger, Exception exception, string operation);
}

/// <summary>Used by UseExceptionHandler (every environment but Development).</summary>
internal sealed class DatabaseUnavailableExceptionHandler(ILogger<DatabaseUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseErrors.IsUnavailable(exception) || httpContext.Response.HasStarted) return false;
        await DatabaseUnavailableHandling.WriteAsync(httpContext, logger, exception);
        return true;
    }
}

/// <summary>The same answer in Development, where the developer exception page handles exceptions.</summary>
internal sealed class DatabaseUnavailableDeveloperPageFilter(ILogger<DatabaseUnavailableDeveloperPageFilter> logger) : IDeveloperPageExceptionFilter
{
    public Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next) =>
        DatabaseErrors.IsUnavailable(errorContext.Exception) && !errorContext.HttpContext.Response.HasStarted
            ? DatabaseUnavailableHandling.WriteAsync(errorContext.HttpContext, logger, errorContext.Exception)
            : next(errorContext);
}

/// <summary>
/// Hub methods: a write that met an unreachable database throws a HubException the client can show, whether the service
/// answered <see cref="WriteStatus.Unavailable"/> (the usual way) or the exception escaped (the safety net). The hub's
/// documented results stay ok, invalid, forbidden, notFound and conflict.
/// </summary>
internal sealed class DatabaseUnavailableHubFilter(ILogger<DatabaseUnavailableHubFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            var result = await next(invocationContext);
            if (result is IWriteResult { Status: WriteStatus.Unavailable } unavailable)
                throw new HubException(unavailable.Message ?? DatabaseErrors.UnavailableMessage);
            return result;
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
        {
            DatabaseUnavailableHandling.LogHubUnavailable(logger, ex, invocationContext.HubMethodName);
            throw new HubException(DatabaseErrors.UnavailableMessage);
        }
        catch (OperationCanceledException) when (invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            // The caller disconnected while waiting for its write: nobody is left to answer, and the write itself was
            // stored whole or not at all. Not an error worth a stack trace in the log (SignalR would log one).
            return null;
        }
    }
}
