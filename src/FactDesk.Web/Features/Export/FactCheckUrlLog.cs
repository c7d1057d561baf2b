using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;

namespace FactDesk.Web.Features.Export;

/// <summary>The public fact-check URL form's log lines (a .razor file cannot host source-generated logging).</summary>
internal static partial class FactCheckUrlLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the public fact-check URL of article {ArticleId}")]
    public static partial void LoadFailed(ILogger logger, Exception ex, int articleId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Public fact-check URL of article {ArticleId} refused ({Status}): {Reason}")]
    public static partial void SaveRefused(ILogger logger, int articleId, WriteStatus status, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the public fact-check URL of article {ArticleId}")]
    public static partial void SaveFailed(ILogger logger, Exception ex, int articleId);
}
