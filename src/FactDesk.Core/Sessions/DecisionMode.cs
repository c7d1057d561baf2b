namespace FactDesk.Core.Sessions;

/// <summary>How a review session settles each claim's final verdict.</summary>
public enum DecisionMode
{
    /// <summary>The editor sets the final verdict directly, after reading the proposals.</summary>
    Direct,

    /// <summary>Editors vote; the verdict carries under the session's <see cref="VotingRule"/>.</summary>
    Vote,
}
