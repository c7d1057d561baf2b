using System.Text.Json;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Localization;

namespace FactDesk.Web.Api;

/// <summary>Maps write outcomes to HTTP: refusals are RFC 7807 problem details; a conflict carries the current claim.</summary>
internal static partial class ApiResults
{
    public static IResult From<T>(WriteResult<T> result, Func<T, IResult>? ok = null) => result.Status switch
    {
        WriteStatus.Ok => ok is null ? TypedResults.Ok(result.Value) : ok(result.Value!),
        WriteStatus.NotFound => Problem(StatusCodes.Status404NotFound, Say.Text("Problem.NotFound"), result.Message),
        WriteStatus.Forbidden => Problem(StatusCodes.Status403Forbidden, Say.Text("Problem.NotAllowed"), result.Message),
        WriteStatus.Invalid => Problem(StatusCodes.Status400BadRequest, Say.Text("Problem.Invalid"), result.Message),
        WriteStatus.Conflict => TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = Say.Text("Problem.Conflict"),
            Detail = result.Message,
            Extensions = { ["current"] = result.Current },
        }),
        // Same answer as the exception handler's safety net (DatabaseUnavailableHandling): 503, a problem detail, Retry-After.
        WriteStatus.Unavailable => new RetryAfter(Problem(StatusCodes.Status503ServiceUnavailable, Data.DatabaseErrors.UnavailableTitle,
            result.Message ?? Data.DatabaseErrors.UnavailableMessage), Data.DatabaseUnavailableHandling.RetryAfterSeconds),
        _ => Problem(StatusCodes.Status500InternalServerError, Say.Text("Problem.Error"), result.Message),
    };

    /// <summary>An answer with a Retry-After header: the client may send the same request again after that many seconds.</summary>
    private sealed class RetryAfter(IResult inner, string seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds;
            return inner.ExecuteAsync(httpContext);
        }
    }

    public static IResult Problem(int status, string title, string? detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, Say.Text("Problem.Invalid"), detail);

    /// <summary>
    /// Reads a JSON body with a clear message for anything malformed, instead of an empty 400. A refusal for size names
    /// <paramref name="reportedLimit"/> when given: the article limit a person can act on, not the body limit that
    /// leaves room for JSON escaping.
    /// </summary>
    public static async Task<(T? Value, IResult? Error)> ReadJsonAsync<T>(HttpRequest request, long maxBytes, CancellationToken ct, long? reportedLimit = null)
    {
        string TooLarge(long size) => reportedLimit is { } articleLimit
            ? Features.Import.SafeFetcher.TooLarge(size, articleLimit)
            : Say.Text("Problem.BodyTooLarge", Features.Import.SafeFetcher.FormatSize(maxBytes));
        if (request.ContentLength > maxBytes)
            return (default, Problem(StatusCodes.Status413PayloadTooLarge, Say.Text("Problem.TooLarge"), TooLarge(request.ContentLength.Value)));
        if (!request.HasJsonContentType()) return (default, Problem(StatusCodes.Status415UnsupportedMediaType, Say.Text("Problem.JsonExpected"), Say.Text("Problem.SendJson")));
        try
        {
            using var limited = new LimitedReadStream(request.Body, maxBytes);
            var value = await JsonSerializer.DeserializeAsync<T>(limited, JsonSerializerOptions.Web, ct);
            return value is null ? (default, BadRequest(Say.Text("Problem.JsonEmpty"))) : (value, null);
        }
        catch (JsonException ex)
        {
            // The parser's English (and its .NET type names) stays in the log; the caller gets where and what, in its language.
            if (request.HttpContext.RequestServices.GetService<ILoggerFactory>() is { } loggers)
                LogJsonUnreadable(loggers.CreateLogger(typeof(ApiResults)), request.Path.Value ?? "", ex.Message);
            return (default, BadRequest(JsonBodyProblem.Describe(typeof(T), ex)));
        }
        catch (LimitedReadStream.TooLargeException)
        {
            return (default, Problem(StatusCodes.Status413PayloadTooLarge, Say.Text("Problem.TooLarge"), TooLarge(maxBytes + 1)));
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The JSON body of {Path} could not be read: {Detail}")]
    private static partial void LogJsonUnreadable(ILogger logger, string path, string detail);
}
