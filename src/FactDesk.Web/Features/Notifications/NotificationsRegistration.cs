namespace FactDesk.Web.Features.Notifications;

public static class NotificationsRegistration
{
    /// <summary>The bell: notifications stored per person, delivered live, grouped in the background.</summary>
    public static void AddFactDeskNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NotificationService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NotificationService>());
    }
}
