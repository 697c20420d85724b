using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Jobs;

namespace ScheduledJobCog;

/// <summary>
/// Schedules a job through its context and leaves the rest to the host: the first run counts a beat and then waits
/// on its token, which only the unload cancels (it then writes cancelled.txt in its data directory). The cog has no
/// StopAsync work at all; it must still unload. With the setting <c>"ignoreCancellation": true</c> the run ignores
/// its token instead (as a careless job does) and goes on until a file release.txt appears in its data directory.
/// </summary>
public sealed class ScheduledJobCog : ICog
{
    private int _beats;

    public string Name => "ScheduledJob";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        context.Commands.Add(new CommandDefinition("beats", "How many runs started.", (c, ct) => new ValueTask(c.ReplyAsync(Volatile.Read(ref _beats).ToString(System.Globalization.CultureInfo.InvariantCulture), ct))));
        bool ignoreCancellation = context.Settings.ValueKind == System.Text.Json.JsonValueKind.Object
            && context.Settings.TryGetProperty("ignoreCancellation", out System.Text.Json.JsonElement ignore) && ignore.ValueKind == System.Text.Json.JsonValueKind.True;
        string release = Path.Combine(context.DataDirectory, "release.txt");
        context.Jobs.Add("beat", JobSchedule.Every(TimeSpan.FromSeconds(1)), async job =>
        {
            Interlocked.Increment(ref _beats);
            if (ignoreCancellation)
            {
                while (!File.Exists(release))
                {
                    await Task.Delay(20, CancellationToken.None);
                }

                return;
            }

            try
            {
                await Task.Delay(Timeout.Infinite, job.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                // What the test looks for: the host cancelled the run at unload.
                File.WriteAllText(Path.Combine(context.DataDirectory, "cancelled.txt"), job.Name);
                throw;
            }
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
