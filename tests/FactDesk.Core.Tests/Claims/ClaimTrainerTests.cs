using System.Text;
using FactDesk.Core.Claims;
using FactDesk.Core.Claims.Training;
using FactDesk.Core.Text;

namespace FactDesk.Core.Tests.Claims;

public class ClaimTrainerTests
{
    // a small invented training set: figures and dates are check-worthy, small talk is not
    private static List<LabelledSentence> Toy()
    {
        var rows = new List<LabelledSentence>();
        string[] things = ["jobs", "schools", "homes", "bridges", "nurses", "farms", "roads", "ships"];
        for (int i = 0; i < 80; i++)
        {
            var thing = things[i % things.Length];
            rows.Add(new LabelledSentence($"The city built {100 + i * 7} {thing} in {1990 + i % 30}.", true, null, null, i % 10));
            rows.Add(new LabelledSentence($"I think the {thing} are lovely, don't you?", false, null, null, i % 10));
        }
        return rows;
    }

    private static readonly TrainerOptions Options = new() { Epochs = 5, MinCount = 1, Folds = 5, Features = new FeatureSet(Chars: false) };

    [Fact]
    public void Train_SeparableSet_RanksPositivesFirst()
    {
        var data = Toy();
        var x = ClaimTrainer.Featurize(data, Options.Features);

        var cv = ClaimTrainer.CrossValidate(x, data, Options);

        Assert.True(cv.MeanAveragePrecision > 0.99, $"{cv.MeanAveragePrecision}");
        Assert.True(cv.F1 > 0.95, $"{cv.F1}");
    }

    [Fact]
    public void Train_SameSeed_WritesTheSameBytes()
    {
        var data = Toy();
        var x = ClaimTrainer.Featurize(data, Options.Features);

        static byte[] Bytes(ClaimModel m) { using var s = new MemoryStream(); m.Save(s); return s.ToArray(); }

        Assert.Equal(Bytes(ClaimTrainer.Train(x, data, Options)), Bytes(ClaimTrainer.Train(x, data, Options)));
        Assert.NotEqual(Bytes(ClaimTrainer.Train(x, data, Options)), Bytes(ClaimTrainer.Train(x, data, Options with { Seed = 99 })));
    }

    [Fact]
    public void SaveLoad_RoundTrip_ScoresTheSame()
    {
        var data = Toy();
        var x = ClaimTrainer.Featurize(data, Options.Features);
        var model = ClaimTrainer.Train(x, data, Options, plattA: 0.8, plattB: -0.2, threshold: 0.42, description: "toy");
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;

        var loaded = ClaimModel.Load(stream);

        Assert.Equal(0.42, loaded.Threshold);
        Assert.Equal("toy", loaded.Description);
        var sentence = "The city built 300 bridges in 2001.";
        var a = new ClaimSpotter(new ClaimSpotterOptions { Model = model }).ScoreSpan(sentence, new TextSpan(0, sentence.Length));
        var b = new ClaimSpotter(new ClaimSpotterOptions { Model = loaded }).ScoreSpan(sentence, new TextSpan(0, sentence.Length));
        Assert.Equal(a, b with { Reasons = a.Reasons });
        Assert.Equal(a.Reasons, b.Reasons);
        Assert.Equal(0.42, new ClaimSpotter(new ClaimSpotterOptions { Model = loaded }).Threshold);
    }

    [Fact]
    public void Load_NotAModel_SaysSo()
    {
        var e = Assert.Throws<ClaimModelException>(() => ClaimModel.Load(new MemoryStream(Encoding.UTF8.GetBytes("label,text\n1,hello"))));
        // the Web layer words it: "This file is not a FactDesk claim model."
        Assert.Equal("ModelFile.NotAModel", e.Reason.Code);
    }

    [Fact]
    public void Shipped_Loads_WithItsCrossValidatedThreshold()
    {
        var model = ClaimModel.Shipped;
        Assert.InRange(model.Threshold, 0.05, 0.95);
        Assert.Contains("5-fold", model.Description, StringComparison.Ordinal);
        Assert.True(model.WeightCount > 1000);
    }

    [Fact]
    public void FitPlatt_OverconfidentScores_AreShrunk()
    {
        // raw scores twice as large as the log-odds they stand for: Platt's slope comes out near 0.5
        var random = new Random(1);
        var z = new double[4000];
        var y = new bool[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            double logit = random.NextDouble() * 6 - 3;
            z[i] = 2 * logit;
            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
        }
        var (a, b) = ClaimTrainer.FitPlatt(z, y);
        Assert.InRange(a, 0.4, 0.6);
        Assert.InRange(b, -0.2, 0.2);
    }

    [Fact]
    public void AveragePrecision_KnownRankings_MatchHandComputedValues()
    {
        Assert.Equal(1.0, ClaimTrainer.AveragePrecision([(0.9, true), (0.8, true), (0.2, false)]));
        Assert.Equal(0.5, ClaimTrainer.AveragePrecision([(0.9, false), (0.8, true)]), 3);
        Assert.Equal((1 / 2.0 + 2 / 3.0) / 2, ClaimTrainer.AveragePrecision([(0.9, false), (0.8, true), (0.7, true)]), 6);
    }

    [Fact]
    public void Folds_Groups_NeverSplitAcrossFolds()
    {
        var data = Toy();
        var folds = ClaimTrainer.Folds(data, 5, 13);
        Assert.All(data.Select((d, i) => (d.Group, Fold: folds[i])).GroupBy(p => p.Group), g => Assert.Single(g.Select(p => p.Fold).Distinct()));
        Assert.Equal(5, folds.Distinct().Count());
    }

    [Fact]
    public void ReadDeskLabels_ExportedCsv_ReadsQuotedFieldsAndGuards()
    {
        var csv = "label,source,article,text,previous,next\r\n" +
                  "1,verdict,7,\"Exports rose 12%, officials said.\",,\"Next one, with \"\"quotes\"\".\"\r\n" +
                  "0,dismissed,7,'-40 degrees is cold,\"A line\nbreak\",\r\n";

        var rows = TrainingData.ReadDeskLabels(new StringReader(csv), weight: 2);

        Assert.Equal(2, rows.Count);
        Assert.True(rows[0].CheckWorthy);
        Assert.Equal("Exports rose 12%, officials said.", rows[0].Text);
        Assert.Null(rows[0].Previous);
        Assert.Equal("Next one, with \"quotes\".", rows[0].Next);
        Assert.Equal(2, rows[0].Weight);
        Assert.False(rows[1].CheckWorthy);
        Assert.Equal("-40 degrees is cold", rows[1].Text);
        Assert.Equal("A line\nbreak", rows[1].Previous);
        Assert.Equal(rows[0].Group, rows[1].Group);
    }

    [Theory]
    [InlineData("text,label\n")]
    [InlineData("label,source,article,text,previous,next\nyes,manual,1,Some text,,\n")]
    public void ReadDeskLabels_NotALabelsFile_NamesTheProblem(string csv)
    {
        var e = Assert.Throws<InvalidDataException>(() => TrainingData.ReadDeskLabels(new StringReader(csv)));
        Assert.Contains("label", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadClaimBuster_Neighbours_AreTheAdjacentIdsWhenPresent()
    {
        var json = """[{"sentence_id":11,"label":0,"text":"b"},{"sentence_id":10,"label":1,"text":"a"},{"sentence_id":13,"label":1,"text":"d"}]""";
        var rows = TrainingData.ReadClaimBuster(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(["a", "b", "d"], rows.Select(r => r.Text));
        Assert.Equal((null, "b"), (rows[0].Previous, rows[0].Next));
        Assert.Equal(("a", null), (rows[1].Previous, rows[1].Next));
        Assert.Equal((null, null), (rows[2].Previous, rows[2].Next));
    }
}
