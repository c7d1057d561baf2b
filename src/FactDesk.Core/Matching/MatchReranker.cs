namespace FactDesk.Core.Matching;

/// <summary>A trained re-ranker: one weight per <see cref="MatchFeatures.Names"/> entry and the calibration of the score.</summary>
/// <param name="Weights">The linear score's weights on the raw features.</param>
/// <param name="A">Calibration slope: probability = sigmoid(A·score + B).</param>
/// <param name="B">Calibration intercept.</param>
public sealed record MatchRerankerFit(double[] Weights, double A, double B);

/// <summary>
/// The re-ranker of <see cref="HybridMatcher"/>: a linear score over <see cref="MatchFeatures"/>, trained listwise (a
/// softmax over each post's candidates, so it learns to put the right one first rather than to score every pair) and
/// then calibrated into a probability with a two-parameter logistic fit (Platt), which is what the thresholds compare.
/// Training is deterministic: full-batch Adam from zero weights.
/// </summary>
public static class MatchReranker
{
    /// <summary>The linear score of <paramref name="features"/>.</summary>
    public static double Score(IReadOnlyList<double> weights, MatchFeatures features)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(features);
        var x = features.Values();
        double s = 0;
        for (int i = 0; i < x.Length && i < weights.Count; i++) s += weights[i] * x[i];
        return s;
    }

    /// <summary>The calibrated probability that <paramref name="features"/> is the claim checked.</summary>
    public static double Probability(IReadOnlyList<double> weights, (double A, double B) calibration, MatchFeatures features) =>
        Sigmoid(calibration.A * Score(weights, features) + calibration.B);

    /// <summary>Trains the re-ranker on posts whose right fact-checks are known.</summary>
    /// <param name="posts">Each post's candidates (as <see cref="HybridMatcher.Candidates(string, string?, CancellationToken, out bool)"/> gives them) and the keys of its right fact-checks.</param>
    /// <param name="leaveOut">A feature to leave out (its weight stays 0), or -1; for measuring what each feature adds.</param>
    /// <param name="l2">Ridge penalty on the standardised weights.</param>
    /// <param name="iterations">Optimiser steps.</param>
    public static MatchRerankerFit Train(IReadOnlyList<(IReadOnlyList<MatchFeatures> Candidates, HashSet<long> Relevant)> posts, int leaveOut = -1, double l2 = 1e-3, int iterations = 400)
    {
        ArgumentNullException.ThrowIfNull(posts);
        return Train(posts.Where(p => p.Candidates.Count > 0)
            .Select(p => (p.Candidates.Select(c => c.Values()).ToArray(), p.Candidates.Select(c => p.Relevant.Contains(c.Key)).ToArray()))
            .ToList(), MatchFeatures.Names.Count, leaveOut, l2, iterations);
    }

    /// <summary>Trains on raw feature rows of <paramref name="d"/> columns (each post: its candidates' rows and whether each is right); for measuring features the product does not compute.</summary>
    internal static MatchRerankerFit Train(List<(double[][] X, bool[] Y)> lists, int d, int leaveOut = -1, double l2 = 1e-3, int iterations = 400)
    {
        var rows = lists.SelectMany(l => l.X).ToList();
        if (rows.Count == 0) return new MatchRerankerFit(new double[d], 1, 0);
        var mean = new double[d];
        var sd = new double[d];
        for (int k = 0; k < d; k++)
        {
            mean[k] = rows.Average(r => r[k]);
            var m = mean[k];
            sd[k] = Math.Sqrt(rows.Average(r => (r[k] - m) * (r[k] - m)));
            if (sd[k] < 1e-9) sd[k] = 1;
        }
        var z = lists.Select(l => (X: l.X.Select(r => r.Select((v, k) => k == leaveOut ? 0 : (v - mean[k]) / sd[k]).ToArray()).ToArray(), l.Y))
            .Where(l => l.Y.Any(y => y)).ToList();
        var w = new double[d];
        var m1 = new double[d];
        var m2 = new double[d];
        const double rate = 0.05, beta1 = 0.9, beta2 = 0.999;
        for (int t = 1; t <= iterations; t++)
        {
            var grad = new double[d];
            foreach (var (x, y) in z)
            {
                // softmax over the candidates; the loss is -log of the share of the right ones
                var s = x.Select(r => Dot(w, r)).ToArray();
                var max = s.Max();
                var e = s.Select(v => Math.Exp(v - max)).ToArray();
                var all = e.Sum();
                var right = e.Where((_, i) => y[i]).Sum();
                for (int i = 0; i < x.Length; i++)
                {
                    var g = e[i] / all - (y[i] ? e[i] / right : 0);
                    for (int k = 0; k < d; k++) grad[k] += g * x[i][k];
                }
            }
            for (int k = 0; k < d; k++)
            {
                if (k == leaveOut) continue;
                var g = grad[k] / z.Count + l2 * w[k];
                m1[k] = beta1 * m1[k] + (1 - beta1) * g;
                m2[k] = beta2 * m2[k] + (1 - beta2) * g * g;
                w[k] -= rate * (m1[k] / (1 - Math.Pow(beta1, t))) / (Math.Sqrt(m2[k] / (1 - Math.Pow(beta2, t))) + 1e-8);
            }
        }
        var raw = w.Select((v, k) => v / sd[k]).ToArray();
        // calibration: logistic fit of "right" on the raw score, over every candidate (on the standardised score, with
        // step halving, so that Newton's method cannot overshoot where the sigmoid is flat)
        var scored = lists.SelectMany(l => l.X.Select((r, i) => (S: Dot(raw, r), Y: l.Y[i]))).ToList();
        var sMean = scored.Average(x => x.S);
        var sSd = Math.Sqrt(scored.Average(x => (x.S - sMean) * (x.S - sMean)));
        if (sSd < 1e-9) sSd = 1;
        var zs = scored.Select(x => ((x.S - sMean) / sSd, x.Y)).ToList();
        double a = 1, b = 0, loss = LogLoss(zs, a, b);
        for (int t = 0; t < 100; t++)
        {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            foreach (var (s, y) in zs)
            {
                var p = Sigmoid(a * s + b);
                var g = p - (y ? 1 : 0);
                var h = p * (1 - p);
                ga += g * s; gb += g; haa += h * s * s; hab += h * s; hbb += h;
            }
            var det = haa * hbb - hab * hab;
            if (Math.Abs(det) < 1e-12) break;
            var da = (hbb * ga - hab * gb) / det;
            var db = (haa * gb - hab * ga) / det;
            var step = 1.0;
            double na = a, nb = b, nl = loss;
            for (int half = 0; half < 30; half++, step /= 2)
            {
                na = a - step * da; nb = b - step * db;
                nl = LogLoss(zs, na, nb);
                if (nl <= loss) break;
            }
            if (nl > loss) break;
            var moved = Math.Abs(na - a) + Math.Abs(nb - b);
            (a, b, loss) = (na, nb, nl);
            if (moved < 1e-10) break;
        }
        return new MatchRerankerFit(raw, a / sSd, b - a * sMean / sSd);
    }

    private static double Dot(double[] w, double[] x)
    {
        double s = 0;
        for (int k = 0; k < w.Length; k++) s += w[k] * x[k];
        return s;
    }

    private static double LogLoss(List<(double S, bool Y)> data, double a, double b)
    {
        double sum = 0;
        foreach (var (s, y) in data)
        {
            var v = a * s + b;
            // log(1 + e^-v) for the right ones, log(1 + e^v) for the rest, computed without overflow
            var m = y ? -v : v;
            sum += m > 0 ? m + Math.Log(1 + Math.Exp(-m)) : Math.Log(1 + Math.Exp(m));
        }
        return sum;
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
}
