using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Runtime;

namespace FactDesk.Benchmarks.Load;

/// <summary>
/// Live objects by type, from a dump of this very process (createdump through the diagnostics port, read with ClrMD):
/// diffing two of them shows what the circuits hold, which the single GC.GetTotalMemory figure cannot.
/// </summary>
public static class HeapTypes
{
    public static Dictionary<string, (long Count, long Bytes)> Snapshot()
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
            var result = new Dictionary<string, (long, long)>();
            while (stack.Count > 0)
            {
                var obj = heap.GetObject(stack.Pop());
                if (!obj.IsValid || obj.Type is null) continue;
                var name = obj.Type.Name ?? "?";
                var (c, b) = result.GetValueOrDefault(name);
                result[name] = (c + 1, b + (long)obj.Size);
                foreach (var child in obj.EnumerateReferenceAddresses(carefully: true))
                    if (child != 0 && live.Add(child)) stack.Push(child);
            }
            return result;
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static void PrintDiff(Dictionary<string, (long Count, long Bytes)> before, Dictionary<string, (long Count, long Bytes)> after, int k, int top = 30)
    {
        var rows = after.Keys.Union(before.Keys)
            .Select(t => (Type: t, Count: after.GetValueOrDefault(t).Count - before.GetValueOrDefault(t).Count, Bytes: after.GetValueOrDefault(t).Bytes - before.GetValueOrDefault(t).Bytes))
            .OrderByDescending(r => r.Bytes).ToList();
        Console.WriteLine($"  live objects added per circuit by type (K={k}; total {rows.Sum(r => r.Bytes) / (double)k / 1024:F0} KB):");
        foreach (var r in rows.Take(top))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.Bytes / (double)k / 1024,8:F1} KB {r.Count / (double)k,8:F0} ×  {r.Type}"));
    }
}
