namespace FactDesk.Web.Kernel;

public sealed record NotificationDto(long Id, string Kind, string Text, string? Link, DateTimeOffset CreatedAt, bool Read);
