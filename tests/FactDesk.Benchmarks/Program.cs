using BenchmarkDotNet.Running;

namespace FactDesk.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--breakdown")
        {
            Breakdown.Run(args.Skip(1).ToArray());
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
