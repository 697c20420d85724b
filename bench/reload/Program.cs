using System.Diagnostics;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.ReloadBench;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Reload benchmark: one cog (tests/TestCogs/WellBehavedCog: commands, a timer, a background loop) reloaded through
// the real CogSupervisor: shadow copy, load into a new collectible context, start, activate, stop the old instance,
// unload it and verify its collection. Usage: dotnet run -c Release --project bench/reload [-- <timed> <cycles>]
int timed = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 50;
int cycles = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200;

string root = Path.Combine(Path.GetTempPath(), "andyai-reload-bench", Guid.NewGuid().ToString("N"));
string cogFolder = Path.Combine(root, "run", "plugins", "WellBehavedCog");
Directory.CreateDirectory(cogFolder);
foreach (string file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "TestCogs", "WellBehavedCog")))
{
    File.Copy(file, Path.Combine(cogFolder, Path.GetFileName(file)));
}

var options = Options.Create(new CogSupervisorOptions
{
    ConfigPath = Path.Combine(root, "plugins.json"),
    ShadowCopyDirectory = Path.Combine(root, "shadow"),
});
var factory = new BenchContextFactory();
await using var supervisor = new CogSupervisor(factory, options, TimeProvider.System, NullLogger<CogSupervisor>.Instance);
Check(await supervisor.LoadAllAsync() is [{ Kind: CogOutcomeKind.Loaded }], "initial load");

for (int i = 0; i < 5; i++) await ReloadAsync();   // JIT and first-use costs out of the way

var samples = new double[timed];
for (int i = 0; i < timed; i++)
{
    long start = Stopwatch.GetTimestamp();
    await ReloadAsync();
    samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}

Array.Sort(samples);
(long heapBefore, long rssBefore) = Memory();
int leaked = 0;
for (int i = 0; i < cycles; i++)
{
    if ((await supervisor.ReloadAsync("WellBehaved", force: true)).Kind != CogOutcomeKind.Reloaded) leaked++;
}

(long heapAfter, long rssAfter) = Memory();
string shadowLeft = Directory.Exists(Path.Combine(root, "shadow")) ? Directory.GetDirectories(Path.Combine(root, "shadow")).Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0";

Console.WriteLine($"reload (ms), {timed} reloads: median {Percentile(samples, 0.50):0.0}, p95 {Percentile(samples, 0.95):0.0}, min {samples[0]:0.0}, max {samples[^1]:0.0}");
Console.WriteLine($"{cycles} reload cycles: managed heap {Mb(heapBefore):0.00} -> {Mb(heapAfter):0.00} MB ({Mb(heapAfter - heapBefore):+0.00;-0.00} MB), RSS {Mb(rssBefore):0.00} -> {Mb(rssAfter):0.00} MB ({Mb(rssAfter - rssBefore):+0.00;-0.00} MB)");
Console.WriteLine($"not collected: {leaked} of {cycles}; live commands: {factory.LiveCommands}; shadow copies left: {shadowLeft}");

await supervisor.UnloadAllAsync(TimeSpan.FromSeconds(10));
Directory.Delete(root, recursive: true);
return leaked == 0 ? 0 : 1;

async Task ReloadAsync()
{
    CogOutcome outcome = await supervisor.ReloadAsync("WellBehaved", force: true);
    Check(outcome.Kind == CogOutcomeKind.Reloaded, outcome.ToString());
}

static void Check(bool condition, string what)
{
    if (!condition) throw new InvalidOperationException($"benchmark precondition failed: {what}");
}

static (long Heap, long Rss) Memory()
{
    for (int i = 0; i < 3; i++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    using Process self = Process.GetCurrentProcess();
    return (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64);
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static double Mb(long bytes) => bytes / 1024.0 / 1024.0;
