using FactDesk.Web;
using FactDesk.Web.Api;
using FactDesk.Web.Components;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Features.FactChecks;
using FactDesk.Web.Operations;
using FactDesk.Web.Realtime;

// Before anything rents from the shared array pools: the runtime sizes them once, from the environment.
BufferPooling.Configure();

// docker-compose's health check: `dotnet FactDesk.Web.dll healthcheck` asks the running instance for /healthz.
if (args is ["healthcheck", .. var probeArgs]) return await HealthProbe.RunAsync(probeArgs);

var builder = WebApplication.CreateBuilder(args);

builder.AddFactDeskData();
builder.AddFactDeskAccounts();
builder.AddFactDeskReview();
builder.AddFactDeskWeb();
builder.AddFactDeskFactChecks();
builder.AddFactDeskOperations();

var app = builder.Build();

await app.PrepareDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
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
app.MapHub<ReviewHub>(ReviewHub.Path);
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

public partial class Program;
