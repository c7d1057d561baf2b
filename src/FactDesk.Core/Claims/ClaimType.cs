namespace FactDesk.Core.Claims;

/// <summary>What kind of statement a claim is; drives both scoring and how a reviewer approaches it.</summary>
public enum ClaimType
{
    /// <summary>Numbers, quantities, comparisons.</summary>
    Statistic,
    /// <summary>A dated event or something that happened.</summary>
    DateEvent,
    /// <summary>Quoted speech.</summary>
    Quote,
    /// <summary>A statement attributed to a source ("according to", "told Reuters").</summary>
    Attribution,
    /// <summary>Cause and effect, or a legal statement.</summary>
    Causal,
    /// <summary>A forecast or hedged prediction.</summary>
    Prediction,
    /// <summary>Opinion, value judgement or question.</summary>
    Opinion,
    /// <summary>Anything else.</summary>
    Other,
}
