namespace FactDesk.Web.Tests.Infrastructure;

/// <summary>
/// Random unit vectors standing in for a fact-check's embedding where the model's would cost too much to make (many
/// thousands of rows). Also compiled into FactDesk.Benchmarks (linked in its project file).
/// </summary>
internal static class SyntheticVectors
{
    /// <summary>
    /// <paramref name="dimensions"/> draws of <paramref name="random"/>, each spread over [-1, 1), scaled to length 1.
    /// Takes exactly one <see cref="Random.NextDouble"/> a component, so a seeded caller's sequence stays the same.
    /// </summary>
    public static float[] RandomUnit(Random random, int dimensions)
    {
        var v = new float[dimensions];
        for (int d = 0; d < v.Length; d++) v[d] = (float)(random.NextDouble() * 2 - 1);
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        for (int d = 0; d < v.Length; d++) v[d] /= norm;
        return v;
    }
}
