using BenchmarkDotNet.Running;

namespace AndyAI.Benchmarks;

internal static class Program
{
    // dotnet run -c Release --project bench/AndyAI.Benchmarks -- --filter '*Services*' --job short
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
