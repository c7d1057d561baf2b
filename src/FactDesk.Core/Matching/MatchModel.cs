namespace FactDesk.Core.Matching;

/// <summary>
/// The re-ranker FactDesk ships: weights and calibration printed by <c>match-tune</c> (tests/FactDesk.Benchmarks)
/// after training on every post of the development set, and the thresholds chosen from its cross-validated top-match
/// precision (RESULTS.md, "Checked before").
/// </summary>
public static class MatchModel
{
    /// <summary>Weights in the order of <see cref="MatchFeatures.Names"/>.</summary>
    public static IReadOnlyList<double> Weights { get; } = [12.32454014216385, 1.9756295505361956, -6.415445461188887, 0.930235055195014, 0.38804388707333615, 2.659875996209685, 7.561140958737103, 9.580967216695635];

    /// <summary>sigmoid(A·score + B) turns the score into a probability.</summary>
    public static (double A, double B) Calibration { get; } = (0.7675458537651848, -8.9517544057554);

    /// <summary>Probability from which a match is "likely the same claim" (cross-validated: the top match was right for 97% of the posts reaching it).</summary>
    public const double SameClaim = 0.7;

    /// <summary>Probability from which a match is "related" (cross-validated: the top match was right for 94% of the posts reaching it).</summary>
    public const double Related = 0.3;
}
