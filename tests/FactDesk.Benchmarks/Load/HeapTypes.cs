using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Runtime;

namespace FactDesk.Benchmarks.Load;

/// <summary>
/// Live objects by type, from a dump of this very process (createdump through the diagnostics port, read with ClrMD):
/// diffing two of them shows what the circuits hold, which the single GC.GetTotalMemory figure cannot.
/// <para>
/// The "before" snapshot is itself on the heap when the "after" dump is taken, so it holds no strings: types are keyed
/// by method table and strings (with <c>--strings</c>) by a hash of their content, and names are only kept for the
/// "after" snapshot, read once its dump is written. The snapshot's own arrays are left out of the diff.
/// </para>
/// </summary>
public static class HeapTypes
{
    public readonly record struct Tally(long Count, long Bytes);

    public sealed class Snapshot(Dictionary<ulong, Tally> counts, Dictionary<ulong, string>? names)
    {
        public Dictionary<ulong, Tally> Counts { get; } = counts;
        public Dictionary<ulong, string>? Names { get; } = names;
    }

    public static Snapshot Take(bool strings = false, bool keepNames = false)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var path = Path.Combine(Path.GetTempPath(), $"factdesk-heap-{Environment.ProcessId}-{Guid.NewGuid():N}.dmp");
        try
        {
            new DiagnosticsClient(Environment.ProcessId).WriteDump(DumpType.WithHeap, path);
            using var target = DataTarget.LoadDump(path);
            using var runtime = target.ClrVersions[0].CreateRuntime();
            var heap = runtime.Heap;
            // Only objects reachable from roots: the dump may still hold garbage the last collection did not sweep.
            var live = new HashSet<ulong>();
            var stack = new Stack<ulong>();
            foreach (var root in heap.EnumerateRoots())
                if (root.Object.Address != 0 && live.Add(root.Object.Address)) stack.Push(root.Object.Address);
            var counts = new Dictionary<ulong, Tally>();
            var names = keepNames ? new Dictionary<ulong, string>() : null;
            while (stack.Count > 0)
            {
                var obj = heap.GetObject(stack.Pop());
                if (!obj.IsValid || obj.Type is null) continue;
                var key = obj.Type.MethodTable & ~1UL;
                Add(counts, key, (long)obj.Size);
                if (names is not null && !names.ContainsKey(key)) names[key] = obj.Type.Name ?? "?";
                if (strings && obj.Type.IsString)
                {
                    var text = obj.AsString(4096) ?? "";
                    var skey = Hash(text) | 1UL; // method tables are aligned: an odd key is a string's content
                    Add(counts, skey, (long)obj.Size);
                    if (names is not null && !names.ContainsKey(skey)) names[skey] = text.Length > 100 ? text[..100].ReplaceLineEndings(" ") + "…" : text.ReplaceLineEndings(" ");
                }
                foreach (var child in obj.EnumerateReferenceAddresses(carefully: true))
                    if (child != 0 && live.Add(child)) stack.Push(child);
            }
            return new Snapshot(counts, names);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Add(Dictionary<ulong, Tally> counts, ulong key, long bytes)
    {
        var t = counts.GetValueOrDefault(key);
        counts[key] = new Tally(t.Count + 1, t.Bytes + bytes);
    }

    private static ulong Hash(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s) h = (h ^ c) * 1099511628211UL;
        return (h ^ (ulong)s.Length) * 1099511628211UL;
    }

    public static void PrintDiff(Snapshot before, Snapshot after, int k, int top = 30)
    {
        string Name(ulong key) => after.Names?.GetValueOrDefault(key) ?? $"(gone: {key:x})";
        var rows = after.Counts.Keys.Union(before.Counts.Keys)
            .Select(key => (Key: key, Count: after.Counts.GetValueOrDefault(key).Count - before.Counts.GetValueOrDefault(key).Count,
                Bytes: after.Counts.GetValueOrDefault(key).Bytes - before.Counts.GetValueOrDefault(key).Bytes))
            .Where(r => !Name(r.Key).Contains("HeapTypes", StringComparison.Ordinal))
            .ToList();
        var types = rows.Where(r => (r.Key & 1) == 0).OrderByDescending(r => r.Bytes).ToList();
        Console.WriteLine($"  live objects added per circuit by type (K={k}; total {types.Sum(r => r.Bytes) / (double)k / 1024:F0} KB):");
        foreach (var r in types.Take(top))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.Bytes / (double)k / 1024,8:F1} KB {r.Count / (double)k,8:F1} ×  {Name(r.Key)}"));
        var strings = rows.Where(r => (r.Key & 1) == 1 && r.Bytes > 0).OrderByDescending(r => r.Bytes).ToList();
        if (strings.Count == 0) return;
        Console.WriteLine($"  strings added per circuit by content ({strings.Count} distinct; {strings.Sum(r => r.Bytes) / (double)k / 1024:F0} KB):");
        foreach (var r in strings.Take(top))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.Bytes / (double)k / 1024,8:F1} KB {r.Count / (double)k,8:F1} ×  {Name(r.Key)}"));
        // Strings unique to one circuit do not add up by content: show them by length instead.
        var singles = strings.Where(r => r.Count <= k / 2).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  of which held by at most half the circuits: {singles.Count / (double)k:F0} per circuit, {singles.Sum(r => r.Bytes) / (double)k / 1024:F0} KB; largest:"));
        foreach (var r in singles.Take(Math.Min(top, 15)))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.Bytes / 1024.0,8:F1} KB ×{r.Count}  {Name(r.Key)}"));
    }
}
