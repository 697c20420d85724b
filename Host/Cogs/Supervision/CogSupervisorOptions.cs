using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Cogs.Supervision;

/// <summary>How the host loads, starts, stops and watches cogs. Bound from the <c>Plugins</c> configuration section.</summary>
internal sealed class CogSupervisorOptions
{
    public const string SectionName = "Plugins";

    /// <value>
    /// Path of plugins.json. Empty means the <c>PLUGINS_CONFIG</c> setting, else <c>plugins.json</c> in the current
    /// directory. A missing file means defaults (every cog in <c>run/plugins/</c> enabled, watcher on).
    /// </value>
    public string ConfigPath { get; set; } = "";

    /// <value>How long a cog's StartAsync may take before the cog is marked Failed. Defaults to 15 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <value>
    /// How long <c>!reload</c>, <c>!unload</c> and plugins.json changes wait for the instance they retire to stop
    /// before they report; one still finishing its work (answers in flight) goes on stopping in the background, within
    /// <see cref="DrainTimeout"/>. Also the limit for the cog's <c>Unloading</c> callbacks. Defaults to 5 seconds.
    /// </value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <value>
    /// How long a retired instance's StopAsync may take to finish what it started (an answer being written) before
    /// its token is cancelled; it then has 5 more seconds to say so to its users. Keep it at least the LLM's
    /// <c>Llm:Deadline</c> (90 s), so a reload never cuts an answer the model would still deliver. Defaults to
    /// 100 seconds. At shutdown the budget is what is left of <see cref="ShutdownTimeout"/>.
    /// </value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:30:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <value>The deadline for stopping every cog at shutdown. Defaults to 20 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <value>
    /// Quiet time the drop-in watcher waits after the last file event before it looks at a cog's files, and
    /// between its two size/timestamp snapshots. Defaults to 500 milliseconds.
    /// </value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan WatcherDebounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <value>Garbage collections tried before an unloaded cog is reported Leaked. Defaults to 10.</value>
    [Range(1, 100)]
    public int UnloadVerifyAttempts { get; set; } = 10;

    /// <value>
    /// Where cogs are shadow-copied before loading, so the files in run/plugins/ can be overwritten at any time.
    /// Empty means a per-process folder under the system temp directory.
    /// </value>
    public string ShadowCopyDirectory { get; set; } = "";

    /// <value>
    /// Whether loading every cog at start warns about packages plugins.json does not mention while its trust policy is
    /// "any". The host sets it in Discord mode (a real server), not in the sandbox.
    /// </value>
    public bool WarnAboutUnlistedCogs { get; set; }
}
