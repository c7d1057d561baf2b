using System.Buffers;
using System.Numerics;

namespace FactDesk.Core.Matching;

/// <summary>
/// Quantised vectors by key, searched exhaustively in chunks of contiguous memory: exact top-k by dot product, and past
/// <see cref="PrefilterFrom"/> vectors a scan of their sign bits first (48 bytes a vector instead of 384, so the scan
/// reads an eighth of the memory), whose best candidates are then scored exactly.
/// Thread safe: searches share a read lock, writes take it alone. Removed slots are reused.
/// </summary>
/// <param name="dimensions">Length of every vector.</param>
public sealed class VectorStore(int dimensions)
{
    private const int ChunkVectors = 4096;
    private readonly List<sbyte[]> chunks = [];
    private readonly List<float[]> scales = [];
    private readonly List<long[]> keys = [];
    private readonly List<ulong[]> signs = [];
    private readonly int words = (dimensions + 63) / 64;
    private readonly Dictionary<long, int> slots = [];
    private readonly Stack<int> free = new();
    private readonly ReaderWriterLockSlim gate = new();
    private int used;

    /// <summary>Length of every vector.</summary>
    public int Dimensions { get; } = dimensions;

    /// <summary>From how many stored vectors a search scans sign bits first (below it every vector is scored exactly).</summary>
    public int PrefilterFrom { get; set; } = 100_000;

    /// <summary>Candidates kept by the sign-bit scan per result asked for, which are then scored exactly. 80 (8,000 for
    /// a top 100) keeps 99.1% of the exact top 100 over 500,000 vectors made from real embeddings; 20 kept 94.7%
    /// (`match-prefilter`, RESULTS.md).</summary>
    public int PrefilterFactor { get; set; } = 80;

    /// <summary>Candidates kept by the sign-bit scan at least, however few results are asked for.</summary>
    public int PrefilterMinimum { get; set; } = 1000;

    /// <summary>From how many stored vectors the sign-bit scan is split over the cores.</summary>
    public int ParallelFrom { get; set; } = 200_000;

    /// <summary>How many vectors are stored.</summary>
    public int Count
    {
        get { gate.EnterReadLock(); try { return slots.Count; } finally { gate.ExitReadLock(); } }
    }

    /// <summary>Bytes held by the vectors, their scales and keys (not counting the key dictionary).</summary>
    public long AllocatedBytes => (long)chunks.Count * ChunkVectors * (Dimensions + sizeof(float) + sizeof(long) + words * sizeof(ulong));

    /// <summary>Adds or replaces the vector of <paramref name="key"/>.</summary>
    public void Set(long key, QuantizedVector vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (vector.Values.Length != Dimensions) throw new ArgumentException($"Expected {Dimensions} dimensions, got {vector.Values.Length}.", nameof(vector));
        gate.EnterWriteLock();
        try
        {
            if (!slots.TryGetValue(key, out var slot))
            {
                slot = free.Count > 0 ? free.Pop() : NewSlot();
                slots[key] = slot;
            }
            int c = slot / ChunkVectors, o = slot % ChunkVectors;
            vector.Values.AsSpan().CopyTo(chunks[c].AsSpan(o * Dimensions, Dimensions));
            scales[c][o] = vector.Scale;
            keys[c][o] = key;
            SignBits(vector, signs[c].AsSpan(o * words, words));
        }
        finally { gate.ExitWriteLock(); }
    }

    /// <summary>Removes the vector of <paramref name="key"/>, if any.</summary>
    public bool Remove(long key)
    {
        gate.EnterWriteLock();
        try
        {
            if (!slots.Remove(key, out var slot)) return false;
            int c = slot / ChunkVectors, o = slot % ChunkVectors;
            scales[c][o] = 0;
            keys[c][o] = long.MinValue;
            free.Push(slot);
            return true;
        }
        finally { gate.ExitWriteLock(); }
    }

    /// <summary>The stored vector of <paramref name="key"/>, or null.</summary>
    public QuantizedVector? Get(long key)
    {
        gate.EnterReadLock();
        try
        {
            if (!slots.TryGetValue(key, out var slot)) return null;
            int c = slot / ChunkVectors, o = slot % ChunkVectors;
            return new QuantizedVector(chunks[c].AsSpan(o * Dimensions, Dimensions).ToArray(), scales[c][o]);
        }
        finally { gate.ExitReadLock(); }
    }

    /// <summary>The <paramref name="take"/> keys with the highest cosine to <paramref name="query"/>, best first.</summary>
    public IReadOnlyList<(long Key, float Score)> Search(QuantizedVector query, int take)
    {
        ArgumentNullException.ThrowIfNull(query);
        gate.EnterReadLock();
        try
        {
            var chunkCount = chunks.Count;
            if (chunkCount == 0 || take <= 0) return [];
            if (slots.Count >= PrefilterFrom) return Prefiltered(query, take);
            // two halves on two cores once the scan is long enough to pay for the hand-over
            var parts = used > 50_000 ? Math.Min(Environment.ProcessorCount, 4) : 1;
            var heapScores = new List<(long, float)>[parts];
            if (parts == 1) heapScores[0] = Scan(query, take, 0, chunkCount);
            else
                Parallel.For(0, parts, p =>
                {
                    var from = chunkCount * p / parts;
                    var to = chunkCount * (p + 1) / parts;
                    heapScores[p] = Scan(query, take, from, to);
                });
            return heapScores.SelectMany(h => h).OrderByDescending(x => x.Item2).Take(take).ToList();
        }
        finally { gate.ExitReadLock(); }
    }

    // Sign bits agreeing with the query's (fewest differing bits first), then the exact score of the best of them.
    // Hamming distances are small integers, so the best `keep` are found with a histogram, not a heap: one pass
    // writes every slot's distance and counts them, the distance below which `keep` fall is read off the counts,
    // and a second pass scores exactly only the slots under it (ties at the boundary in slot order).
    private List<(long Key, float Score)> Prefiltered(QuantizedVector query, int take)
    {
        var q = new ulong[words];
        SignBits(query, q);
        var keep = Math.Max(PrefilterMinimum, take * PrefilterFactor);
        var n = used;
        var distances = ArrayPool<ushort>.Shared.Rent(n);
        var histogram = new int[Dimensions + 1];
        try
        {
            var parts = n >= ParallelFrom ? Math.Min(Environment.ProcessorCount, 4) : 1;
            if (parts == 1) Distances(q, 0, chunks.Count, distances, histogram);
            else
            {
                var partial = new int[parts][];
                Parallel.For(0, parts, p =>
                {
                    partial[p] = new int[Dimensions + 1];
                    Distances(q, chunks.Count * p / parts, chunks.Count * (p + 1) / parts, distances, partial[p]);
                });
                foreach (var h in partial)
                    for (int d = 0; d < h.Length; d++) histogram[d] += h[d];
            }
            int threshold = 0, below = 0;
            while (threshold < histogram.Length && below + histogram[threshold] < keep) below += histogram[threshold++];
            var ties = keep - below;
            var heap = new PriorityQueue<long, float>(take + 1);
            float min = float.NegativeInfinity;
            var qv = query.Values;
            for (int slot = 0; slot < n; slot++)
            {
                int d = distances[slot];
                if (d > threshold || (d == threshold && ties-- <= 0)) continue;
                int c = slot / ChunkVectors, o = slot % ChunkVectors;
                var score = VectorMath.Dot(qv, chunks[c].AsSpan(o * Dimensions, Dimensions)) / (scales[c][o] * query.Scale);
                if (heap.Count < take) { heap.Enqueue(keys[c][o], score); if (heap.Count == take) heap.TryPeek(out _, out min); }
                else if (score > min) { heap.EnqueueDequeue(keys[c][o], score); heap.TryPeek(out _, out min); }
            }
            var list = new List<(long Key, float Score)>(heap.Count);
            while (heap.TryDequeue(out var k, out var s)) list.Add((k, s));
            list.Reverse();
            return list;
        }
        finally { ArrayPool<ushort>.Shared.Return(distances); }
    }

    // every slot's Hamming distance to the query's sign bits (removed slots: ushort.MaxValue), and their counts
    private void Distances(ulong[] q, int fromChunk, int toChunk, ushort[] distances, int[] histogram)
    {
        for (int c = fromChunk; c < toChunk; c++)
        {
            var sc = scales[c];
            var n = Math.Min(ChunkVectors, used - c * ChunkVectors);
            var bits = signs[c].AsSpan(0, n * words);
            var outSpan = distances.AsSpan(c * ChunkVectors, n);
            if (words == 6)
            {
                // 384 dimensions (MiniLM): six words unrolled
                ulong q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3], q4 = q[4], q5 = q[5];
                for (int o = 0; o < n; o++)
                {
                    var b = bits.Slice(o * 6, 6);
                    var d = BitOperations.PopCount(b[0] ^ q0) + BitOperations.PopCount(b[1] ^ q1) + BitOperations.PopCount(b[2] ^ q2)
                        + BitOperations.PopCount(b[3] ^ q3) + BitOperations.PopCount(b[4] ^ q4) + BitOperations.PopCount(b[5] ^ q5);
                    if (sc[o] == 0) { outSpan[o] = ushort.MaxValue; continue; }
                    outSpan[o] = (ushort)d;
                    histogram[d]++;
                }
            }
            else
            {
                for (int o = 0; o < n; o++)
                {
                    if (sc[o] == 0) { outSpan[o] = ushort.MaxValue; continue; }
                    int d = 0;
                    var b = bits.Slice(o * words, words);
                    for (int w = 0; w < b.Length; w++) d += BitOperations.PopCount(b[w] ^ q[w]);
                    outSpan[o] = (ushort)d;
                    histogram[d]++;
                }
            }
        }
    }

    // bit d set when component d is positive (bits taken around the stored vectors' mean instead were tried: recall
    // within half a point either way on real embeddings, RESULTS.md)
    private static void SignBits(QuantizedVector vector, Span<ulong> bits)
    {
        bits.Clear();
        var values = vector.Values;
        for (int d = 0; d < values.Length; d++)
            if (values[d] > 0) bits[d >> 6] |= 1UL << (d & 63);
    }

    private List<(long, float)> Scan(QuantizedVector query, int take, int fromChunk, int toChunk)
    {
        var heap = new PriorityQueue<long, float>(take + 1);
        var q = query.Values;
        float min = float.NegativeInfinity;
        for (int c = fromChunk; c < toChunk; c++)
        {
            var data = chunks[c];
            var sc = scales[c];
            var ks = keys[c];
            var n = Math.Min(ChunkVectors, used - c * ChunkVectors);
            for (int o = 0; o < n; o++)
            {
                if (sc[o] == 0) continue;
                var score = VectorMath.Dot(q, data.AsSpan(o * Dimensions, Dimensions)) / (sc[o] * query.Scale);
                if (heap.Count < take) { heap.Enqueue(ks[o], score); if (heap.Count == take) heap.TryPeek(out _, out min); }
                else if (score > min) { heap.EnqueueDequeue(ks[o], score); heap.TryPeek(out _, out min); }
            }
        }
        var list = new List<(long, float)>(heap.Count);
        while (heap.TryDequeue(out var k, out var s)) list.Add((k, s));
        return list;
    }

    private int NewSlot()
    {
        if (used == chunks.Count * ChunkVectors)
        {
            chunks.Add(new sbyte[ChunkVectors * Dimensions]);
            scales.Add(new float[ChunkVectors]);
            keys.Add(new long[ChunkVectors]);
            signs.Add(new ulong[ChunkVectors * words]);
        }
        return used++;
    }
}
