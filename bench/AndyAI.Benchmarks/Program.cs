using AndyAI.Benchmarks.Services;
using BenchmarkDotNet.Running;

namespace AndyAI.Benchmarks;

internal static class Program
{
    // BenchmarkDotNet: dotnet run -c Release --project bench/AndyAI.Benchmarks -- --filter '*Services*' --job short --inProcess --artifacts /tmp/bdn
    // CPU-time harness (noisy shared machine): dotnet run -c Release --project bench/AndyAI.Benchmarks -- services-cpu
    public static async Task Main(string[] args)
    {
        if (args is ["services-cpu", ..])
        {
            await ServicesCpuHarness.RunAsync();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
