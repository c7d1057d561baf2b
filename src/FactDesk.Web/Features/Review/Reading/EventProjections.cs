using System.Text.Json;
using FactDesk.Web.Data;

namespace FactDesk.Web.Features.Review.Reading;

/// <summary>A stored Event as readers and live delivery see it (the journal publishes the same shape it stores).</summary>
internal static class EventProjections
{
    public static ReviewEventDto ToDto(ReviewEvent e) => new(
        e.ArticleId, e.Number, e.Kind, e.ClaimId, new EventActor(e.ActorId, e.ActorName), e.At,
        e.BeforeValue ?? (e.Before is null ? null : JsonDocument.Parse(e.Before).RootElement.Clone()),
        e.AfterValue ?? (e.After is null ? null : JsonDocument.Parse(e.After).RootElement.Clone()),
        e.VisibleToUserId);
}
