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

    /// <summary>Candidates kept by the sign-bit scan per result asked for (at least 1,000), which are then scored exactly.</summary>
    public int PrefilterFactor { get; set; } = 20;

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
            var bits = signs[c].AsSpan(o * words, words);
            bits.Clear();
            for (int d = 0; d < Dimensions; d++)
                if (vector.Values[d] > 0) bits[d >> 6] |= 1UL << (d & 63);
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

    // sign bits agreeing with the query's (fewest differing bits first), then the exact score of the best of them
    private List<(long Key, float Score)> Prefiltered(QuantizedVector query, int take)
    {
        var q = new ulong[words];
        for (int d = 0; d < Dimensions; d++)
            if (query.Values[d] > 0) q[d >> 6] |= 1UL << (d & 63);
        var keep = Math.Max(1000, take * PrefilterFactor);
        var heap = new PriorityQueue<int, int>(keep + 1, Comparer<int>.Create((a, b) => b.CompareTo(a)));
        int worst = int.MaxValue;
        for (int c = 0; c < chunks.Count; c++)
        {
            var bits = signs[c];
            var sc = scales[c];
            var n = Math.Min(ChunkVectors, used - c * ChunkVectors);
            for (int o = 0; o < n; o++)
            {
                if (sc[o] == 0) continue;
                int distance = 0;
                var b = bits.AsSpan(o * words, words);
                for (int w = 0; w < b.Length; w++) distance += System.Numerics.BitOperations.PopCount(b[w] ^ q[w]);
                if (heap.Count < keep) { heap.Enqueue(c * ChunkVectors + o, distance); if (heap.Count == keep) heap.TryPeek(out _, out worst); }
                else if (distance < worst) { heap.EnqueueDequeue(c * ChunkVectors + o, distance); heap.TryPeek(out _, out worst); }
            }
        }
        var scored = new List<(long Key, float Score)>(heap.Count);
        while (heap.TryDequeue(out var slot, out _))
        {
            int c = slot / ChunkVectors, o = slot % ChunkVectors;
            scored.Add((keys[c][o], VectorMath.Dot(query.Values, chunks[c].AsSpan(o * Dimensions, Dimensions)) / (scales[c][o] * query.Scale)));
        }
        return scored.OrderByDescending(x => x.Score).Take(take).ToList();
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
