namespace FactDesk.Core.Matching;

/// <summary>
/// The re-ranker FactDesk ships: weights and calibration printed by <c>match-tune</c> (tests/FactDesk.Benchmarks)
/// after training on every post of the development set, and the thresholds chosen from its cross-validated top-match
/// precision (RESULTS.md, "Checked before").
/// </summary>
public static class MatchModel
{
    /// <summary>Weights in the order of <see cref="MatchFeatures.Names"/>.</summary>
    public static IReadOnlyList<double> Weights { get; } = [10.779188829330838, 1.9520755377923744, -5.759706326092775, 0.5575703959840489, 0.8403926968757793, 3.082106388224553, 6.723215029269136, 7.48539018013245, 3.8154038757997495, 1.9321005671601148];

    /// <summary>sigmoid(A·score + B) turns the score into a probability.</summary>
    public static (double A, double B) Calibration { get; } = (0.8174234096689913, -9.248244488629588);

    /// <summary>Probability from which a match is "likely the same claim" (cross-validated: the top match was right for 97% of the posts reaching it, 609 of 997).</summary>
    public const double SameClaim = 0.7;

    /// <summary>Probability from which a match is "related" (cross-validated: the top match was right for 94% of the posts reaching it, 820 of 997).</summary>
    public const double Related = 0.3;

    /// <summary>Query cleaning before the embedding, as measured best (RESULTS.md).</summary>
    public const PostCleaning EmbedCleaning = PostCleaning.All | PostCleaning.HandleWords;

    /// <summary>Query cleaning before BM25, as measured best (RESULTS.md).</summary>
    public const PostCleaning LexicalCleaning = PostCleaning.All | PostCleaning.HandleWords;

    /// <summary>Whether an embedded post's author joins the BM25 query, as measured best (RESULTS.md).</summary>
    public const bool LexicalAuthor = true;

    /// <summary>Whether an embedded post's author leads the embedded text, as measured best (RESULTS.md).</summary>
    public const bool EmbedAuthor = false;
}
