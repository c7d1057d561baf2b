namespace FactDesk.Web.Features.Sessions;

public static class SessionsRegistration
{
    /// <summary>Review sessions: assignments, blind passes, proposals and votes, sign-off.</summary>
    public static void AddFactDeskSessions(this IHostApplicationBuilder builder) =>
        builder.Services.AddScoped<SessionService>();
}
