using System.Collections.Frozen;
using System.Globalization;

namespace FactDesk.Core.Claims.Training;

/// <summary>A sentence with its label, its neighbours in the same text (null when unknown) and the group it is folded with.</summary>
internal sealed record LabelledSentence(string Text, bool CheckWorthy, string? Previous, string? Next, int Group, double Weight = 1);

/// <summary>Optimizer settings; the defaults are what the shipped model was trained with.</summary>
internal sealed record TrainerOptions
{
    public int Epochs { get; init; } = 12;
    public double L2 { get; init; } = 1e-3;
    /// <summary>How many times stronger the L2 penalty is on n-gram weights than on the named signals: topic words are the debates' own, the signals carry over to news.
    /// The shipped 30 costs in-domain MAP (0.870 at 1, 0.833 at 30) and buys ranking on news, where the debates' topic words mislead.</summary>
    public double NgramL2Factor { get; init; } = 30;
    public double LearningRate { get; init; } = 0.2;
    public int MinCount { get; init; } = 2;
    public int Seed { get; init; } = 13;
    public int Folds { get; init; } = 5;
    // character n-grams lowered cross-validated MAP (0.862 against 0.870 without), so the shipped model leaves them out
    public FeatureSet Features { get; init; } = new(Chars: false);
}

/// <summary>What cross-validation measured.</summary>
internal sealed record CrossValidation(double MeanAveragePrecision, double[] FoldAveragePrecision, double Threshold, double Precision, double Recall, double F1,
    double BrierScore, double[] OutOfFold, int Positives, int Count);

/// <summary>
/// Logistic regression by AdaGrad stochastic gradient descent with L2, over <see cref="ClaimFeaturizer"/>'s features;
/// Platt calibration on out-of-fold scores. Deterministic for a seed.
/// </summary>
internal static class ClaimTrainer
{
    public static FeatureVector[] Featurize(IReadOnlyList<LabelledSentence> data, FeatureSet set)
    {
        var result = new FeatureVector[data.Count];
        Parallel.For(0, data.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var d = data[i];
            var f = SentenceFeatures.Extract(d.Text);
            var p = d.Previous is null ? null : SentenceFeatures.Extract(d.Previous);
            var n = d.Next is null ? null : SentenceFeatures.Extract(d.Next);
            result[i] = ClaimFeaturizer.Featurize(d.Text, f, p, n, p is not null, n is not null, set);
        });
        return result;
    }

    /// <summary>Trains on the rows in <paramref name="rows"/> (all when null); the model is uncalibrated (identity Platt).</summary>
    public static ClaimModel Train(FeatureVector[] x, IReadOnlyList<LabelledSentence> data, TrainerOptions o, int[]? rows = null, double plattA = 1, double plattB = 0,
        double threshold = 0.5, string description = "")
    {
        rows ??= Enumerable.Range(0, x.Length).ToArray();
        // features seen in fewer than MinCount training sentences are noise and bloat the file
        var counts = new Dictionary<ulong, int>();
        foreach (int r in rows)
            foreach (var h in x[r].Hashed)
                counts[h.Hash] = counts.TryGetValue(h.Hash, out var c) ? c + 1 : 1;
        var index = new Dictionary<ulong, int>();
        foreach (var (hash, c) in counts.OrderBy(kv => kv.Key))
            if (c >= o.MinCount) index[hash] = ClaimFeaturizer.DenseCount + index.Count;
        int dim = ClaimFeaturizer.DenseCount + index.Count;

        var w = new double[dim];
        var g2 = new double[dim];
        double bias = 0, biasG2 = 0, ngramL2 = o.L2 * o.NgramL2Factor;
        var order = (int[])rows.Clone();
        var random = new Random(o.Seed);
        var idx = new List<int>(512);
        var val = new List<double>(512);
        for (int epoch = 0; epoch < o.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (int r in order)
            {
                idx.Clear(); val.Clear();
                var v = x[r];
                for (int i = 0; i < v.Dense.Length; i++) if (v.Dense[i] != 0) { idx.Add(i); val.Add(v.Dense[i]); }
                foreach (var h in v.Hashed) if (index.TryGetValue(h.Hash, out var j)) { idx.Add(j); val.Add(h.Value); }
                double z = bias;
                for (int k = 0; k < idx.Count; k++) z += w[idx[k]] * val[k];
                double p = Sigmoid(z);
                double err = (p - (data[r].CheckWorthy ? 1 : 0)) * data[r].Weight;
                biasG2 += err * err;
                bias -= o.LearningRate * err / Math.Sqrt(biasG2 + 1e-8);
                for (int k = 0; k < idx.Count; k++)
                {
                    int j = idx[k];
                    double g = err * val[k] + (j < ClaimFeaturizer.DenseCount ? o.L2 : ngramL2) * w[j];
                    g2[j] += g * g;
                    w[j] -= o.LearningRate * g / Math.Sqrt(g2[j] + 1e-8);
                }
            }
        }
        var dense = new float[ClaimFeaturizer.DenseCount];
        for (int i = 0; i < dense.Length; i++) dense[i] = (float)w[i];
        var hashed = new Dictionary<ulong, float>(index.Count);
        foreach (var (hash, j) in index)
            if (Math.Abs(w[j]) >= 1e-4) hashed[hash] = (float)w[j];
        return new ClaimModel(dense, hashed.ToFrozenDictionary(), bias, plattA, plattB, threshold, o.Features, description);
    }

    /// <summary>Grouped k-fold: whole groups go to one fold, so neighbours and near-duplicates never sit on both sides.</summary>
    public static int[] Folds(IReadOnlyList<LabelledSentence> data, int k, int seed)
    {
        var groups = data.Select(d => d.Group).Distinct().OrderBy(g => g).ToArray();
        new Random(seed).Shuffle(groups);
        var foldOf = new Dictionary<int, int>();
        for (int i = 0; i < groups.Length; i++) foldOf[groups[i]] = i % k;
        return data.Select(d => foldOf[d.Group]).ToArray();
    }

    public static CrossValidation CrossValidate(FeatureVector[] x, IReadOnlyList<LabelledSentence> data, TrainerOptions o, Action<string>? log = null)
    {
        var fold = Folds(data, o.Folds, o.Seed);
        var oof = new double[x.Length];
        var aps = new double[o.Folds];
        for (int f = 0; f < o.Folds; f++)
        {
            var train = Enumerable.Range(0, x.Length).Where(i => fold[i] != f).ToArray();
            var test = Enumerable.Range(0, x.Length).Where(i => fold[i] == f).ToArray();
            var model = Train(x, data, o, train);
            foreach (int i in test) oof[i] = model.Raw(x[i]);
            aps[f] = AveragePrecision(test.Select(i => (oof[i], data[i].CheckWorthy)));
            log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"fold {f + 1}: {test.Length} sentences, AP {aps[f]:0.0000}"));
        }
        var (a, b) = FitPlatt(oof, data.Select(d => d.CheckWorthy).ToArray());
        var calibrated = oof.Select(z => 1 / (1 + Math.Exp(-(a * z + b)))).ToArray();
        var (threshold, precision, recall, f1) = BestF1(calibrated, data);
        double brier = 0;
        for (int i = 0; i < calibrated.Length; i++) brier += Math.Pow(calibrated[i] - (data[i].CheckWorthy ? 1 : 0), 2);
        return new CrossValidation(aps.Average(), aps, threshold, precision, recall, f1, brier / calibrated.Length, oof, data.Count(d => d.CheckWorthy), data.Count);
    }

    /// <summary>Platt scaling: fits p = σ(a·z + b) by Newton's method on targets smoothed as Platt (1999) advises.</summary>
    public static (double A, double B) FitPlatt(double[] z, bool[] y)
    {
        int pos = y.Count(v => v), neg = y.Length - pos;
        double hi = (pos + 1.0) / (pos + 2.0), lo = 1.0 / (neg + 2.0);
        double a = 1, b = 0;
        for (int iter = 0; iter < 100; iter++)
        {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (int i = 0; i < z.Length; i++)
            {
                double p = Sigmoid(a * z[i] + b), t = y[i] ? hi : lo;
                double d = p - t, s = p * (1 - p);
                ga += d * z[i]; gb += d;
                haa += s * z[i] * z[i]; hab += s * z[i]; hbb += s;
            }
            double det = haa * hbb - hab * hab;
            if (Math.Abs(det) < 1e-12) break;
            double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
            a -= da; b -= db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-10) break;
        }
        return (a, b);
    }

    /// <summary>The threshold (to 0.01) that maximises F1, with its precision and recall.</summary>
    public static (double Threshold, double Precision, double Recall, double F1) BestF1(double[] p, IReadOnlyList<LabelledSentence> data)
    {
        var best = (0.5, 0.0, 0.0, -1.0);
        for (int t = 5; t <= 95; t++)
        {
            var m = At(p, data, t / 100.0);
            if (m.F1 > best.Item4 + 1e-12) best = (t / 100.0, m.Precision, m.Recall, m.F1);
        }
        return best;
    }

    public static (double Precision, double Recall, double F1) At(double[] p, IReadOnlyList<LabelledSentence> data, double threshold)
    {
        int tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < p.Length; i++)
        {
            bool predicted = p[i] >= threshold;
            if (predicted && data[i].CheckWorthy) tp++;
            else if (predicted) fp++;
            else if (data[i].CheckWorthy) fn++;
        }
        double precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp), recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        return (precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    }

    /// <summary>Average precision of a ranking (CLEF CheckThat!'s measure): the mean of precision at each relevant item; ties keep input order.</summary>
    public static double AveragePrecision(IEnumerable<(double Score, bool Relevant)> items)
    {
        int hits = 0, rank = 0;
        double sum = 0;
        foreach (var (_, relevant) in items.OrderByDescending(i => i.Score))
        {
            rank++;
            if (!relevant) continue;
            hits++;
            sum += (double)hits / rank;
        }
        return hits == 0 ? 0 : sum / hits;
    }

    internal static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
