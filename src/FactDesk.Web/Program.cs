using FactDesk.Web;
using FactDesk.Web.Api;
using FactDesk.Web.Components;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Features.Claims;
using FactDesk.Web.Features.Desk;
using FactDesk.Web.Features.Export;
using FactDesk.Web.Features.FactChecks;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.Notifications;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Features.Sessions;
using FactDesk.Web.Features.Tokens;
using FactDesk.Web.Localization;
using FactDesk.Web.Operations;
using FactDesk.Web.Realtime;
using FactDesk.Web.Security;

// Before anything rents from the shared array pools: the runtime sizes them once, from the environment.
BufferPooling.Configure();

// docker-compose's health check: `dotnet FactDesk.Web.dll healthcheck` asks the running instance for /healthz.
if (args is ["healthcheck", .. var probeArgs]) return await HealthProbe.RunAsync(probeArgs);

var builder = WebApplication.CreateBuilder(args);

// One line per part, lowest first; each registration sits next to the code it registers.
builder.AddFactDeskKernel();
builder.AddFactDeskData();
builder.AddFactDeskAccounts();
builder.AddFactDeskTokens();
builder.AddFactDeskClaims();
builder.AddFactDeskRealtime();
builder.AddFactDeskApi();
builder.AddFactDeskNotifications();
builder.AddFactDeskReview();
builder.AddFactDeskImport();
builder.AddFactDeskExport();
builder.AddFactDeskSessions();
builder.AddFactDeskDesk();
builder.AddFactDeskComponents();
builder.AddFactDeskLocalization();
builder.AddFactDeskFactChecks();
builder.AddFactDeskOperations();
builder.AddFactDeskSecurity();

var app = builder.Build();

// The console says what a start is doing: the database it creates or migrates, then where to open the desk.
await FirstRun.AnnounceDatabaseAsync(app);
await app.PrepareDatabaseAsync();
FirstRun.AnnounceWhenStarted(app);

app.UseFactDeskSecurity();
if (!app.Environment.IsDevelopment())
{
    app.UseFactDeskErrors();
    // Sent on HTTPS responses only (the proxy's, once forwarded headers say so).
    app.UseHsts();
}
app.UseStatusCodePages();
app.UseAuthentication();
app.UseFactDeskLocalization();
app.UseFactDeskPasswordChangeGate();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapOpenApi().RequireAuthorization();
app.MapFactDeskOperations();
app.MapFactDeskApi();
app.MapExportApi();
app.MapSessionApi();
app.MapPeopleApi();
app.MapClaimsApi();
app.MapFactCheckApi();
app.MapAccountEndpoints();
app.MapCultureEndpoint();
app.MapHub<ReviewHub>(ReviewHub.Path);
app.MapRazorComponents<App>()
    // Blazor's own header would be "frame-ancestors 'self'" alone; Security/SecurityHeaders sends the whole policy.
    .AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

await app.RunAsync();
return 0;

public partial class Program;
