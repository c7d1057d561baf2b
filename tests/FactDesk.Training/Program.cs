using System.Diagnostics;
using System.Globalization;
using FactDesk.Core.Claims;
using FactDesk.Core.Claims.Training;

namespace FactDesk.Training;

/// <summary>
/// <c>train-claims --data claimbuster-two-class.json [--labels desk-labels.csv ...] [--out PATH]</c>: 5-fold cross-validation,
/// then the model trained on everything, calibrated and with the threshold chosen on the out-of-fold scores.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length is 2 or 3 && args[0] == "rank")
            return Rank(args[1], args.Length == 3 ? args[2] : null);
        if (args.Length == 0 || args[0] != "train-claims")
        {
            Console.Error.WriteLine("usage: rank ARTICLE.txt [MODEL.bin]   (imports it as FactDesk does and lists its sentences by score)");
            Console.Error.WriteLine("usage: train-claims --data claimbuster-two-class.json [--labels desk-labels.csv] [--labels-weight 2] [--out src/FactDesk.Core/Claims/Model/claims-model.bin]");
            Console.Error.WriteLine("       [--seed 13] [--epochs 12] [--l2 1e-3] [--ngram-l2 FACTOR] [--lr 0.2] [--min-count 2] [--no-words] [--chars] [--no-chars] [--no-context] [--cv-only]");
            return 2;
        }
        string? data = null, output = null;
        var labels = new List<string>();
        double labelsWeight = 1;
        var o = new TrainerOptions();
        bool cvOnly = false;
        for (int i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--data": data = Next(); break;
                case "--labels": labels.Add(Next()); break;
                case "--labels-weight": labelsWeight = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--out": output = Next(); break;
                case "--seed": o = o with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                case "--epochs": o = o with { Epochs = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                case "--l2": o = o with { L2 = double.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                case "--ngram-l2": o = o with { NgramL2Factor = double.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                case "--lr": o = o with { LearningRate = double.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                case "--min-count": o = o with { MinCount = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                case "--no-words": o = o with { Features = o.Features with { Words = false } }; break;
                case "--chars": o = o with { Features = o.Features with { Chars = true } }; break;
                case "--no-chars": o = o with { Features = o.Features with { Chars = false } }; break;
                case "--no-context": o = o with { Features = o.Features with { Context = false } }; break;
                case "--cv-only": cvOnly = true; break;
                default: Console.Error.WriteLine($"Unknown option {args[i]}."); return 2;
            }
        }
        if (data is null) { Console.Error.WriteLine("--data is required: the path of claimbuster-two-class.json."); return 2; }

        var clock = Stopwatch.StartNew();
        List<LabelledSentence> rows;
        using (var s = File.OpenRead(data)) rows = TrainingData.ReadClaimBuster(s);
        int shipped = rows.Count;
        foreach (var path in labels)
        {
            using var reader = new StreamReader(path);
            var desk = TrainingData.ReadDeskLabels(reader, labelsWeight);
            Console.WriteLine($"{path}: {desk.Count} desk labels ({desk.Count(d => d.CheckWorthy)} check-worthy), weight {labelsWeight}");
            rows.AddRange(desk);
        }
        Console.WriteLine($"{rows.Count} sentences ({shipped} ClaimBuster), {rows.Count(r => r.CheckWorthy)} check-worthy; features {o.Features}; seed {o.Seed}, epochs {o.Epochs}, L2 {o.L2}, lr {o.LearningRate}, min count {o.MinCount}");
        var x = ClaimTrainer.Featurize(rows, o.Features);
        Console.WriteLine($"featurized in {clock.ElapsedMilliseconds} ms");

        var cv = ClaimTrainer.CrossValidate(x, rows, o, Console.WriteLine);
        Console.WriteLine($"5-fold CV (grouped by debate): MAP {cv.MeanAveragePrecision:0.0000} (folds {string.Join(", ", cv.FoldAveragePrecision.Select(a => a.ToString("0.000")))})");
        Console.WriteLine($"threshold {cv.Threshold:0.00} (max F1 on out-of-fold calibrated scores): precision {cv.Precision:0.000}, recall {cv.Recall:0.000}, F1 {cv.F1:0.000}; Brier {cv.BrierScore:0.0000}");
        foreach (var t in new[] { 0.3, 0.4, 0.5, 0.6, 0.7 })
        {
            var cal = cv.OutOfFold.Select(z => 1 / (1 + Math.Exp(-(FitA(cv, rows) * z + FitB(cv, rows))))).ToArray();
            var m = ClaimTrainer.At(cal, rows, t);
            Console.WriteLine($"  at {t:0.0}: P {m.Precision:0.000} R {m.Recall:0.000} F1 {m.F1:0.000}");
        }
        Reliability(cv, rows);
        if (cvOnly) return 0;

        var (a, b) = ClaimTrainer.FitPlatt(cv.OutOfFold, rows.Select(r => r.CheckWorthy).ToArray());
        string description = string.Join('\n',
            $"trained on {rows.Count} sentences ({shipped} ClaimBuster two-class, {rows.Count - shipped} desk labels)",
            $"features {o.Features}; seed {o.Seed}, epochs {o.Epochs}, L2 {o.L2} (n-grams ×{o.NgramL2Factor}), learning rate {o.LearningRate}, min count {o.MinCount}",
            $"5-fold grouped CV: MAP {cv.MeanAveragePrecision:0.000}; at threshold {cv.Threshold:0.00} P {cv.Precision:0.000} R {cv.Recall:0.000} F1 {cv.F1:0.000}; Brier {cv.BrierScore:0.000}");
        var model = ClaimTrainer.Train(x, rows, o, null, a, b, cv.Threshold, description);
        output ??= Path.Combine("src", "FactDesk.Core", "Claims", "Model", "claims-model.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        using (var f = File.Create(output)) model.Save(f);
        Console.WriteLine($"wrote {output}: {model.WeightCount} weights, {new FileInfo(output).Length / 1024} KB, in {clock.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine("strongest signals (calibrated log-odds):");
        foreach (var (name, w) in ClaimFeaturizer.DenseNames.Zip(model.Dense).OrderByDescending(p => p.Second))
            Console.WriteLine($"  {name,-16} {w * a,7:+0.00;-0.00}");
        return 0;
    }

    // the real import pipeline (cleaning, body, sentence split) and the shipped model, as the app runs them
    private static int Rank(string path, string? modelPath)
    {
        var body = FactDesk.Core.Import.ArticleImporter.FromText(File.ReadAllText(path)).ComposeBody();
        ClaimModel? model = null;
        if (modelPath is not null) { using var m = File.OpenRead(modelPath); model = ClaimModel.Load(m); }
        var spotter = new ClaimSpotter(new ClaimSpotterOptions { Model = model });
        var ranked = spotter.ScoreAll(body).OrderByDescending(s => s.Score).ToList();
        Console.WriteLine($"{ranked.Count} sentences, threshold {spotter.Threshold:0.00}, {ranked.Count(s => s.Score >= spotter.Threshold)} suggested");
        for (int i = 0; i < ranked.Count; i++)
            Console.WriteLine($"{i + 1,3}. {ranked[i].Score:0.000} {ranked[i].Type,-11} {ranked[i].Text}\n      {string.Join("; ", ranked[i].Reasons)}");
        return 0;
    }

    private static double FitA(CrossValidation cv, List<LabelledSentence> rows) => Platt(cv, rows).A;

    private static double FitB(CrossValidation cv, List<LabelledSentence> rows) => Platt(cv, rows).B;

    private static (double A, double B)? platt;

    private static (double A, double B) Platt(CrossValidation cv, List<LabelledSentence> rows) =>
        platt ??= ClaimTrainer.FitPlatt(cv.OutOfFold, rows.Select(r => r.CheckWorthy).ToArray());

    // calibration: in each tenth of predicted probability, how often the sentences were check-worthy
    private static void Reliability(CrossValidation cv, List<LabelledSentence> rows)
    {
        var (a, b) = Platt(cv, rows);
        var bins = new (int N, int Pos, double Sum)[10];
        for (int i = 0; i < rows.Count; i++)
        {
            double p = 1 / (1 + Math.Exp(-(a * cv.OutOfFold[i] + b)));
            int k = Math.Min(9, (int)(p * 10));
            bins[k] = (bins[k].N + 1, bins[k].Pos + (rows[i].CheckWorthy ? 1 : 0), bins[k].Sum + p);
        }
        Console.WriteLine("reliability (predicted → observed):");
        for (int k = 0; k < 10; k++)
            if (bins[k].N > 0) Console.WriteLine($"  {k / 10.0:0.0}–{(k + 1) / 10.0:0.0}: {bins[k].N,5} sentences, mean predicted {bins[k].Sum / bins[k].N:0.000}, observed {(double)bins[k].Pos / bins[k].N:0.000}");
    }
}
