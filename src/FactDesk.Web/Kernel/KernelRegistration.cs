using FactDesk.Core.Verdicts;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Kernel;

public static class KernelRegistration
{
    /// <summary>What every feature reads: the desk's settings (checked at start), its verdict scale and the clock.</summary>
    public static void AddFactDeskKernel(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FactDeskOptions>().Bind(builder.Configuration.GetSection(FactDeskOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => BuildScale(sp.GetRequiredService<IOptions<FactDeskOptions>>().Value));
        services.AddSingleton(TimeProvider.System);
    }

    public static VerdictScale BuildScale(FactDeskOptions options) => options.Verdicts.Count == 0
        ? VerdictScale.Default
        : new VerdictScale(options.Verdicts.Select(v => new VerdictDefinition(v.Key, v.Label, v.Ordinal, v.Color, v.TextColor, v.Icon, LabelsOf(v))));

    /// <summary>
    /// A desk's own labels per language; a verdict that keeps a default one's key and English label keeps its
    /// translations too, so a desk that only recolours the default scale need not translate it again.
    /// </summary>
    private static Dictionary<string, string> LabelsOf(VerdictOption v)
    {
        var labels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (VerdictScale.Default.Find(v.Key) is { Labels: { } defaults } same && string.Equals(same.Label, v.Label, StringComparison.Ordinal))
            foreach (var (culture, label) in defaults) labels[culture] = label;
        foreach (var (culture, label) in v.Labels)
            if (!string.IsNullOrWhiteSpace(label)) labels[culture.Trim()] = label.Trim();
        return labels;
    }
}
