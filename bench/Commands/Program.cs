using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(AndyAI.Commands.Bench.DispatchBenchmarks).Assembly).Run(args);
