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

    /// <summary>
    /// <see cref="Search"/> for every one of <paramref name="queries"/> at once, with the same answers (the same keys,
    /// scores and order, ties included): each query's scan visits the slots in the same order and keeps its own heap,
    /// but the vectors are read once per block for many queries instead of once per query, and the queries are split
    /// over the cores. For an article's claims (hundreds of queries) the store is read a few times instead of hundreds.
    /// </summary>
    public IReadOnlyList<(long Key, float Score)>[] SearchMany(IReadOnlyList<QuantizedVector> queries, int take)
    {
        ArgumentNullException.ThrowIfNull(queries);
        foreach (var q in queries) ArgumentNullException.ThrowIfNull(q, nameof(queries));
        var result = new IReadOnlyList<(long Key, float Score)>[queries.Count];
        if (queries.Count == 0) return result;
        gate.EnterReadLock();
        try
        {
            if (chunks.Count == 0 || take <= 0)
            {
                for (int i = 0; i < result.Length; i++) result[i] = [];
                return result;
            }
            var prefiltered = slots.Count >= PrefilterFrom;
            // groups of queries small enough that their state stays in cache beside a block of vectors
            var groups = Enumerable.Range(0, (queries.Count + ManyGroup - 1) / ManyGroup).ToArray();
            Parallel.ForEach(groups, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(Environment.ProcessorCount, 4) }, g =>
            {
                var from = g * ManyGroup;
                var part = new QuantizedVector[Math.Min(ManyGroup, queries.Count - from)];
                for (int i = 0; i < part.Length; i++) part[i] = queries[from + i];
                var found = prefiltered ? PrefilteredMany(part, take) : ScanMany(part, take);
                for (int i = 0; i < part.Length; i++) result[from + i] = found[i];
            });
            return result;
        }
        finally { gate.ExitReadLock(); }
    }

    // queries scanned together over each block of vectors
    private const int ManyGroup = 16;

    // vectors read per block: 256 × 384 bytes (96 KB) of vectors, or 1,024 × 48 bytes of sign bits, stay in L2
    private const int ManyBlock = 256, ManySignBlock = 1024;

    // what Search's exact scan answers, for each query: the same heaps (one per part Search would split the scan
    // into), fed in the same slot order, merged the same way
    private List<(long Key, float Score)>[] ScanMany(QuantizedVector[] queries, int take)
    {
        var chunkCount = chunks.Count;
        var parts = used > 50_000 ? Math.Min(Environment.ProcessorCount, 4) : 1;
        var heaps = new PriorityQueue<long, float>[queries.Length, parts];
        var mins = new float[queries.Length, parts];
        for (int i = 0; i < queries.Length; i++)
            for (int p = 0; p < parts; p++) { heaps[i, p] = new PriorityQueue<long, float>(take + 1); mins[i, p] = float.NegativeInfinity; }
        for (int p = 0; p < parts; p++)
        {
            int fromChunk = chunkCount * p / parts, toChunk = chunkCount * (p + 1) / parts;
            for (int c = fromChunk; c < toChunk; c++)
            {
                var data = chunks[c];
                var sc = scales[c];
                var ks = keys[c];
                var n = Math.Min(ChunkVectors, used - c * ChunkVectors);
                for (int block = 0; block < n; block += ManyBlock)
                {
                    var end = Math.Min(n, block + ManyBlock);
                    for (int i = 0; i < queries.Length; i++)
                    {
                        var query = queries[i];
                        var q = query.Values;
                        var heap = heaps[i, p];
                        var min = mins[i, p];
                        for (int o = block; o < end; o++)
                        {
                            if (sc[o] == 0) continue;
                            var score = VectorMath.Dot(q, data.AsSpan(o * Dimensions, Dimensions)) / (sc[o] * query.Scale);
                            if (heap.Count < take) { heap.Enqueue(ks[o], score); if (heap.Count == take) heap.TryPeek(out _, out min); }
                            else if (score > min) { heap.EnqueueDequeue(ks[o], score); heap.TryPeek(out _, out min); }
                        }
                        mins[i, p] = min;
                    }
                }
            }
        }
        var result = new List<(long Key, float Score)>[queries.Length];
        for (int i = 0; i < queries.Length; i++)
        {
            var lists = new List<(long, float)>[parts];
            for (int p = 0; p < parts; p++)
            {
                var list = new List<(long, float)>(heaps[i, p].Count);
                while (heaps[i, p].TryDequeue(out var k, out var s)) list.Add((k, s));
                lists[p] = list;
            }
            result[i] = lists.SelectMany(h => h).OrderByDescending(x => x.Item2).Take(take).ToList();
        }
        return result;
    }

    // what Prefiltered answers, for each query: a first pass over the sign bits counts every query's distances, from
    // which its threshold and ties follow as in Prefiltered; a second pass computes the distances again (cheaper than
    // keeping them for many queries) and scores exactly, in slot order, the slots Prefiltered would have
    private List<(long Key, float Score)>[] PrefilteredMany(QuantizedVector[] queries, int take)
    {
        var keep = Math.Max(PrefilterMinimum, take * PrefilterFactor);
        var n = used;
        var bits = new ulong[queries.Length][];
        var histograms = new int[queries.Length][];
        for (int i = 0; i < queries.Length; i++)
        {
            bits[i] = new ulong[words];
            SignBits(queries[i], bits[i]);
            histograms[i] = new int[Dimensions + 1];
        }
        Span<ushort> distances = stackalloc ushort[ManySignBlock];
        for (int c = 0; c < chunks.Count; c++)
        {
            var m = Math.Min(ChunkVectors, n - c * ChunkVectors);
            for (int block = 0; block < m; block += ManySignBlock)
            {
                var count = Math.Min(ManySignBlock, m - block);
                for (int i = 0; i < queries.Length; i++)
                {
                    BlockDistances(bits[i], c, block, distances[..count]);
                    var h = histograms[i];
                    foreach (var d in distances[..count]) if (d != ushort.MaxValue) h[d]++;
                }
            }
        }
        var thresholds = new int[queries.Length];
        var ties = new int[queries.Length];
        var heaps = new PriorityQueue<long, float>[queries.Length];
        var mins = new float[queries.Length];
        for (int i = 0; i < queries.Length; i++)
        {
            var histogram = histograms[i];
            int threshold = 0, below = 0;
            while (threshold < histogram.Length && below + histogram[threshold] < keep) below += histogram[threshold++];
            thresholds[i] = threshold;
            ties[i] = keep - below;
            heaps[i] = new PriorityQueue<long, float>(take + 1);
            mins[i] = float.NegativeInfinity;
        }
        for (int c = 0; c < chunks.Count; c++)
        {
            var m = Math.Min(ChunkVectors, n - c * ChunkVectors);
            var data = chunks[c];
            var sc = scales[c];
            var ks = keys[c];
            for (int block = 0; block < m; block += ManySignBlock)
            {
                var count = Math.Min(ManySignBlock, m - block);
                for (int i = 0; i < queries.Length; i++)
                {
                    BlockDistances(bits[i], c, block, distances[..count]);
                    var query = queries[i];
                    var qv = query.Values;
                    var heap = heaps[i];
                    int threshold = thresholds[i], tie = ties[i];
                    var min = mins[i];
                    for (int j = 0; j < count; j++)
                    {
                        int d = distances[j];
                        if (d > threshold || (d == threshold && tie-- <= 0)) continue;
                        var o = block + j;
                        var score = VectorMath.Dot(qv, data.AsSpan(o * Dimensions, Dimensions)) / (sc[o] * query.Scale);
                        if (heap.Count < take) { heap.Enqueue(ks[o], score); if (heap.Count == take) heap.TryPeek(out _, out min); }
                        else if (score > min) { heap.EnqueueDequeue(ks[o], score); heap.TryPeek(out _, out min); }
                    }
                    ties[i] = tie;
                    mins[i] = min;
                }
            }
        }
        var result = new List<(long Key, float Score)>[queries.Length];
        for (int i = 0; i < queries.Length; i++)
        {
            var list = new List<(long Key, float Score)>(heaps[i].Count);
            while (heaps[i].TryDequeue(out var k, out var s)) list.Add((k, s));
            list.Reverse();
            result[i] = list;
        }
        return result;
    }

    // the Hamming distances of a block of chunk c's slots to the query's sign bits (removed slots: ushort.MaxValue)
    private void BlockDistances(ulong[] q, int c, int from, Span<ushort> distances)
    {
        var sc = scales[c];
        var bits = signs[c].AsSpan(from * words, distances.Length * words);
        if (words == 6)
        {
            ulong q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3], q4 = q[4], q5 = q[5];
            for (int o = 0; o < distances.Length; o++)
            {
                var b = bits.Slice(o * 6, 6);
                var d = BitOperations.PopCount(b[0] ^ q0) + BitOperations.PopCount(b[1] ^ q1) + BitOperations.PopCount(b[2] ^ q2)
                    + BitOperations.PopCount(b[3] ^ q3) + BitOperations.PopCount(b[4] ^ q4) + BitOperations.PopCount(b[5] ^ q5);
                distances[o] = sc[from + o] == 0 ? ushort.MaxValue : (ushort)d;
            }
        }
        else
        {
            for (int o = 0; o < distances.Length; o++)
            {
                int d = 0;
                var b = bits.Slice(o * words, words);
                for (int w = 0; w < b.Length; w++) d += BitOperations.PopCount(b[w] ^ q[w]);
                distances[o] = sc[from + o] == 0 ? ushort.MaxValue : (ushort)d;
            }
        }
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
