namespace FactDesk.Core.Verdicts;

/// <summary>One rating on a desk's verdict scale.</summary>
/// <param name="Key">Stable identifier stored with claims and used by the API (for example <c>mostly-true</c>).</param>
/// <param name="Label">What a reviewer reads.</param>
/// <param name="Ordinal">Position on an ordinal scale (higher is more accurate), or null where the rating is not on it (opinion, unverifiable).</param>
/// <param name="Color">Background colour, as a CSS hex colour.</param>
/// <param name="TextColor">Foreground colour chosen for WCAG AA contrast against <paramref name="Color"/>.</param>
/// <param name="Icon">Icon name; the web layer maps it to an icon so a verdict never shows as colour alone.</param>
/// <param name="Labels">The label in other interface languages, by language code ("uk"); <paramref name="Label"/> where one is missing.</param>
public sealed record VerdictDefinition(string Key, string Label, int? Ordinal, string Color, string TextColor, string Icon, IReadOnlyDictionary<string, string>? Labels = null)
{
    /// <summary>
    /// The label in a language ("uk", "uk-UA": the region falls back to the language), or <see cref="Label"/> when the
    /// scale has none for it. Exports keep <see cref="Key"/> and <see cref="Label"/>: they are the stable values.
    /// </summary>
    public string LabelIn(string? culture)
    {
        if (Labels is not { Count: > 0 } labels || string.IsNullOrEmpty(culture)) return Label;
        if (labels.TryGetValue(culture, out var exact) && !string.IsNullOrWhiteSpace(exact)) return exact;
        var dash = culture.IndexOf('-');
        return dash > 0 && labels.TryGetValue(culture[..dash], out var language) && !string.IsNullOrWhiteSpace(language) ? language : Label;
    }
}

/// <summary>A desk's verdict scale. The default follows the design notes; a desk can configure its own.</summary>
public sealed class VerdictScale
{
    private readonly Dictionary<string, VerdictDefinition> _byKey;

    /// <summary>Creates a scale from its ratings, in display order.</summary>
    /// <exception cref="ArgumentException">The scale is empty or has duplicate keys.</exception>
    public VerdictScale(IEnumerable<VerdictDefinition> verdicts)
    {
        Verdicts = verdicts.ToArray();
        if (Verdicts.Count == 0) throw new ArgumentException("A verdict scale needs at least one verdict.", nameof(verdicts));
        _byKey = new Dictionary<string, VerdictDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var v in Verdicts)
        {
            if (!_byKey.TryAdd(v.Key, v)) throw new ArgumentException($"The verdict key '{v.Key}' appears twice.", nameof(verdicts));
        }
        var ordinals = Verdicts.Where(v => v.Ordinal is not null).Select(v => v.Ordinal!.Value).ToArray();
        BestRating = ordinals.Length > 0 ? ordinals.Max() : null;
        WorstRating = ordinals.Length > 0 ? ordinals.Min() : null;
    }

    /// <summary>The ratings in display order.</summary>
    public IReadOnlyList<VerdictDefinition> Verdicts { get; }

    /// <summary>Highest ordinal on the scale, for ClaimReview's <c>bestRating</c>.</summary>
    public int? BestRating { get; }

    /// <summary>Lowest ordinal on the scale, for ClaimReview's <c>worstRating</c>.</summary>
    public int? WorstRating { get; }

    /// <summary>Looks a verdict up by key (case-insensitive) or by label.</summary>
    public VerdictDefinition? Find(string? keyOrLabel)
    {
        if (string.IsNullOrWhiteSpace(keyOrLabel)) return null;
        if (_byKey.TryGetValue(keyOrLabel.Trim(), out var v)) return v;
        return Verdicts.FirstOrDefault(x => string.Equals(x.Label, keyOrLabel.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The default scale of the design notes.</summary>
    public static VerdictScale Default { get; } = new(
    [
        new("true", "True", 6, "#1b7f3b", "#ffffff", "check-circle", Uk("Правда")),
        new("mostly-true", "Mostly true", 5, "#9be3a5", "#10361a", "check", Uk("Переважно правда")),
        new("half-true", "Half true", 4, "#f2b705", "#2b2100", "half", Uk("Напівправда")),
        new("mostly-false", "Mostly false", 3, "#f07c1b", "#2b1300", "warning", Uk("Переважно неправда")),
        new("false", "False", 2, "#c62828", "#ffffff", "cancel", Uk("Неправда")),
        new("misleading", "Misleading", 1, "#6a1b9a", "#ffffff", "shuffle", Uk("Маніпуляція")),
        new("unverifiable", "Unverifiable", null, "#757575", "#ffffff", "help", Uk("Неможливо перевірити")),
        new("opinion", "Not a factual claim", null, "#546e7a", "#ffffff", "comment", Uk("Не фактичне твердження")),
    ]);

    private static Dictionary<string, string> Uk(string label) => new(StringComparer.OrdinalIgnoreCase) { ["uk"] = label };
}
