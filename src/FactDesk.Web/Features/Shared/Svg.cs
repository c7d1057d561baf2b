using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace FactDesk.Web.Features.Shared;

/// <summary>
/// A Material icon as plain inline SVG markup, built once per (icon, class) and shared by every circuit. Used instead of
/// <c>MudIcon</c> where an icon is decoration inside a list item or a button: a MudIcon is a component with its own
/// state, parameters and two render buffers per instance, per circuit. The icon is hidden from assistive technology;
/// the text beside it carries the meaning.
/// </summary>
public static class Svg
{
    private static readonly ConcurrentDictionary<(string Icon, string Class), MarkupString> Cache = new();

    public static MarkupString Icon(string icon, string cssClass = "fd-icon") =>
        Cache.GetOrAdd((icon, cssClass), static key =>
            new MarkupString($"<svg class=\"{key.Class}\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\">{key.Icon}</svg>"));
}
