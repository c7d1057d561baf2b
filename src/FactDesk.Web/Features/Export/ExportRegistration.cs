namespace FactDesk.Web.Features.Export;

public static class ExportRegistration
{
    /// <summary>Exports (CSV, HTML, Markdown, ClaimReview, W3C annotations) and the annotation import back.</summary>
    public static void AddFactDeskExport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ExportService>();
        builder.Services.AddScoped<AnnotationImportService>();
    }
}
