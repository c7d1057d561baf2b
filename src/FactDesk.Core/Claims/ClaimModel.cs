using System.Collections.Frozen;
using System.IO.Compression;
using System.Text;
using FactDesk.Core.Text;

namespace FactDesk.Core.Claims;

/// <summary>
/// A trained check-worthiness model: a logistic regression over named signals and hashed word and character
/// n-grams, with Platt calibration fitted on cross-validated scores and the threshold chosen from them.
/// </summary>
public sealed class ClaimModel
{
    private const uint Magic = 0x4D434446; // "FDCM"
    private const int FormatVersion = 1;
    private const string ShippedResource = "FactDesk.Core.Claims.Model.claims-model.bin";

    private static readonly Lazy<ClaimModel> ShippedModel = new(() =>
    {
        using var stream = typeof(ClaimModel).Assembly.GetManifestResourceStream(ShippedResource)
            ?? throw new InvalidOperationException($"The shipped claim model ({ShippedResource}) is missing from FactDesk.Core.");
        return Load(stream);
    });

    internal ClaimModel(float[] dense, FrozenDictionary<ulong, float> hashed, double bias, double plattA, double plattB, double threshold, FeatureSet features, string description)
    {
        if (dense.Length != ClaimFeaturizer.DenseCount) throw new ArgumentException("The signal weights do not match this version's signals.", nameof(dense));
        Dense = dense;
        Hashed = hashed;
        Bias = bias;
        PlattA = plattA;
        PlattB = plattB;
        Threshold = threshold;
        Features = features;
        Description = description;
    }

    /// <summary>The model FactDesk ships, trained on the ClaimBuster debate sentences (loaded once, from an embedded resource).</summary>
    public static ClaimModel Shipped => ShippedModel.Value;

    internal float[] Dense { get; }

    internal FrozenDictionary<ulong, float> Hashed { get; }

    internal double Bias { get; }

    internal double PlattA { get; }

    internal double PlattB { get; }

    /// <summary>The threshold chosen from cross-validation when the model was trained.</summary>
    public double Threshold { get; }

    /// <summary>Which feature families the model uses.</summary>
    public FeatureSet Features { get; }

    /// <summary>How the model was trained and what cross-validation measured (one line per fact).</summary>
    public string Description { get; }

    /// <summary>Number of non-zero weights.</summary>
    public int WeightCount => Hashed.Count + Dense.Count(w => w != 0);

    /// <summary>The calibrated probability for a raw score (logit).</summary>
    public double Calibrate(double raw) => 1 / (1 + Math.Exp(-(PlattA * raw + PlattB)));

    internal double Raw(FeatureVector v)
    {
        double z = Bias;
        var dense = v.Dense;
        for (int i = 0; i < dense.Length; i++) z += dense[i] * Dense[i];
        foreach (var h in v.Hashed)
            if (Hashed.TryGetValue(h.Hash, out var w)) z += w * h.Value;
        return z;
    }

    /// <summary>Writes the model in FactDesk's binary format (gzip).</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var gz = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var w = new BinaryWriter(gz, Encoding.UTF8);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write(Features.Words);
        w.Write(Features.Chars);
        w.Write(Features.Context);
        w.Write(Bias);
        w.Write(PlattA);
        w.Write(PlattB);
        w.Write(Threshold);
        w.Write(Description);
        w.Write(Dense.Length);
        for (int i = 0; i < Dense.Length; i++)
        {
            w.Write(ClaimFeaturizer.DenseNames[i]);
            w.Write(Dense[i]);
        }
        // sorted, so the same training gives the same bytes
        var keys = Hashed.Keys.ToArray();
        Array.Sort(keys);
        w.Write(keys.Length);
        foreach (var k in keys) { w.Write(k); w.Write(Hashed[k]); }
    }

    /// <summary>Reads a model written by <see cref="Save"/>; a file that is not one fails saying why (a <see cref="Reason"/> the Web layer words).</summary>
    /// <exception cref="ClaimModelException">The stream is not a FactDesk claim model of this version.</exception>
    public static ClaimModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var gz = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            using var r = new BinaryReader(gz, Encoding.UTF8);
            if (r.ReadUInt32() != Magic) throw new ClaimModelException(Reason.Of("ModelFile.NotAModel"));
            int version = r.ReadInt32();
            if (version != FormatVersion) throw new ClaimModelException(Reason.Of("ModelFile.WrongFormat", version, FormatVersion));
            var features = new FeatureSet(r.ReadBoolean(), r.ReadBoolean(), r.ReadBoolean());
            double bias = r.ReadDouble(), a = r.ReadDouble(), b = r.ReadDouble(), threshold = r.ReadDouble();
            string description = r.ReadString();
            int denseCount = r.ReadInt32();
            var dense = new float[ClaimFeaturizer.DenseCount];
            for (int i = 0; i < denseCount; i++)
            {
                string name = r.ReadString();
                float weight = r.ReadSingle();
                // signals are matched by name, so a model from an older signal list still loads; unknown ones are ignored
                if (Enum.TryParse<Signal>(name, out var s)) dense[(int)s] = weight;
            }
            int count = r.ReadInt32();
            if (count < 0 || count > 50_000_000) throw new ClaimModelException(Reason.Of("ModelFile.WeightsDamaged"));
            var hashed = new Dictionary<ulong, float>(count);
            for (int i = 0; i < count; i++) hashed[r.ReadUInt64()] = r.ReadSingle();
            if (!(threshold is >= 0 and <= 1) || !double.IsFinite(a) || !double.IsFinite(b) || !double.IsFinite(bias))
                throw new ClaimModelException(Reason.Of("ModelFile.CalibrationDamaged"));
            return new ClaimModel(dense, hashed.ToFrozenDictionary(), bias, a, b, threshold, features, description);
        }
        catch (IOException e)
        {
            throw new ClaimModelException(Reason.Of("ModelFile.Incomplete"), e);
        }
        catch (InvalidDataException e)
        {
            // gzip's own complaint ("unsupported compression method") says nothing useful to an Editor
            throw new ClaimModelException(Reason.Of("ModelFile.NotAModel"), e);
        }
    }
}

/// <summary>A file that is not a claim model of this version; <see cref="Reason"/> says why, for the Web layer to word.</summary>
public sealed class ClaimModelException(Reason reason, Exception? inner = null) : Exception(reason?.ToString(), inner)
{
    /// <summary>Why the file was refused: <c>ModelFile.NotAModel</c>, <c>WrongFormat</c> (its format, this one's), <c>WeightsDamaged</c>, <c>CalibrationDamaged</c>, <c>Incomplete</c>.</summary>
    public Reason Reason { get; } = reason ?? throw new ArgumentNullException(nameof(reason));
}
