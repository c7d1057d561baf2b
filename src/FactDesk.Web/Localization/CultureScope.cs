using System.Globalization;

namespace FactDesk.Web.Localization;

/// <summary>
/// The culture a component was created in: its person's (set for the request, or for the circuit). A callback from
/// background work — the event bus, the notification feed, the fact-check indexer, presence — runs in the culture of
/// whoever raised it, and the render it triggers would be in that language (an English page for a Ukrainian reviewer,
/// seen when the indexer finished a batch while a page rendered). Such callbacks call <see cref="Apply"/> first.
/// </summary>
public sealed class CultureScope
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _ui = CultureInfo.CurrentUICulture;

    /// <summary>The culture now (call where the component is created or initialized).</summary>
    public static CultureScope Capture() => new();

    /// <summary>Makes the captured culture current for the rest of this callback (its async flow only).</summary>
    public void Apply()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _ui;
    }
}
