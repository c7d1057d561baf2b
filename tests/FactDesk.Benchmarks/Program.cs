using BenchmarkDotNet.Running;

namespace FactDesk.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "extract")
        {
            Extraction.ExtractEvaluation.Run(args.Skip(1).ToArray());
            return;
        }
        if (args.Length > 0 && args[0] == "load")
        {
            Load.LoadTool.RunAsync(args.Skip(1).ToArray()).GetAwaiter().GetResult();
            return;
        }
        if (args.Length > 0 && args[0] == "scale-load")
        {
            Load.ScaleLoad.RunAsync(args.Skip(1).ToArray()).GetAwaiter().GetResult();
            return;
        }
        if (args.Length > 0 && args[0] == "circuit-heap")
        {
            Load.CircuitHeap.RunAsync(args.Skip(1).ToArray()).GetAwaiter().GetResult();
            return;
        }
        if (args.Length > 0 && args[0] == "writeprobe")
        {
            Load.WriteProbe.RunAsync(args.Skip(1).ToArray()).GetAwaiter().GetResult();
            return;
        }
        if (args.Length > 0 && args[0] == "match")
        {
            Matching.MatchTool.RunAsync(args.Skip(1).ToArray()).GetAwaiter().GetResult();
            return;
        }
        if (args.Length > 0 && args[0] == "match-scale")
        {
            Matching.MatchScale.Run(args.Skip(1).ToArray());
            return;
        }
        if (args.Length > 0 && args[0] == "match-prefilter")
        {
            Matching.MatchPrefilter.Run(args.Skip(1).ToArray());
            return;
        }
        if (args.Length > 0 && args[0] == "match-embed")
        {
            Matching.MatchEmbedThreads.Run(args.Skip(1).ToArray());
            return;
        }
        if (args.Length > 0 && args[0] == "match-scale-app")
        {
            Matching.MatchScaleApp.RunAsync(args.Skip(1).ToArray()).GetAwaiter().GetResult();
            return;
        }
        if (args.Length > 0 && args[0] == "match-markers")
        {
            Matching.MatchMarkersProfile.Run(args.Skip(1).ToArray());
            return;
        }
        if (args.Length > 0 && args[0] == "factcheck-import")
        {
            Matching.ImportScale.RunAsync(args.Skip(1).ToArray()).GetAwaiter().GetResult();
            return;
        }
        if (args.Length > 0 && args[0] == "match-tune")
        {
            Matching.MatchTuning.Run(args.Skip(1).ToArray());
            return;
        }
        if (args.Length > 0 && args[0] == "embed-speed")
        {
            Matching.EmbedSpeed.Run(args.Skip(1).ToArray());
            return;
        }
        if (args.Length > 0 && args[0] == "relay")
        {
            Load.RawRelay.Run(args.Skip(1).ToArray());
            return;
        }
        if (args.Length > 0 && args[0] == "--export-peak")
        {
            ExportPeak.Run(args.Skip(1).ToArray());
            return;
        }
        if (args.Length > 0 && args[0] == "--export-alloc")
        {
            ExportPeak.RunAlloc();
            return;
        }
        if (args.Length > 0 && args[0] == "--export-rss")
        {
            ExportPeak.RunRss(args.Skip(1).ToArray());
            return;
        }
        if (args.Length > 0 && args[0] == "claims-perf")
        {
            ClaimsPerf.Run(args.Skip(1).ToArray());
            return;
        }
        if (args.Length > 0 && args[0] == "--breakdown")
        {
            Breakdown.Run(args.Skip(1).ToArray());
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
