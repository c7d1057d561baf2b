using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.RenderTree;
using MudBlazor;

namespace FactDesk.Web.Features.Shared;

/// <summary>
/// MudBlazor's theme provider, with its output built once per process instead of once per circuit. The stock one
/// builds its ~24 KB <c>&lt;style&gt;</c> of CSS variables as a new string on every render of every circuit, and each
/// circuit kept two of them (Blazor's current and previous render buffers): ~48 KB per open page, for a theme that
/// never changes (FactDesk has one light theme and never sets IsDarkMode). Here every circuit references the same string. If MudBlazor ever
/// renders anything but markup here, this falls back to the stock rendering.
/// </summary>
public sealed class SharedThemeProvider : MudThemeProvider
{
    private static volatile string? s_markup;
    private static volatile bool s_uncacheable;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (s_uncacheable || !ReferenceEquals(Theme, FactDeskTheme.Theme))
        {
            base.BuildRenderTree(builder);
            return;
        }
        var markup = s_markup ??= Capture();
        if (markup is null)
        {
            base.BuildRenderTree(builder);
            return;
        }
        builder.AddMarkupContent(0, markup);
    }

    // Reads back what the stock provider renders; RenderTree types are the only way to see a render's output.
#pragma warning disable BL0006
    private string? Capture()
    {
        var probe = new RenderTreeBuilder();
        base.BuildRenderTree(probe);
        var frames = probe.GetFrames();
        var parts = new List<string>(frames.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames.Array[i];
            if (frame.FrameType != RenderTreeFrameType.Markup)
            {
                s_uncacheable = true;
                return null;
            }
            parts.Add(frame.MarkupContent);
        }
        return string.Concat(parts);
    }
#pragma warning restore BL0006
}
