namespace FactDesk.Web.Features.Import;

public static class ImportRegistration
{
    /// <summary>Article import (paste, upload, fetch under the SSRF rules) and revisions.</summary>
    public static void AddFactDeskImport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SafeFetcher>();
        builder.Services.AddScoped<ImportService>();
        builder.Services.AddScoped<RevisionService>();
    }
}
