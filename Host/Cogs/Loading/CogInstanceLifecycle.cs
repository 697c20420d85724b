using System.Runtime.CompilerServices;
using System.Text.Json;
using AndyAI.Host.Cogs.Configuration;
using AndyAI.Host.Cogs.Supervision;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Host.Cogs.Loading;

/// <summary>
/// The life of one cog instance, from files to collected: shadow copy, load into a collectible context, create its
/// context scope, start with a timeout and activate; then stop with a timeout, dispose the scope, drop every
/// reference and verify the context was collected. It keeps no instance: the supervisor decides which instance is
/// current, this type only makes and breaks them.
/// </summary>
/// <remarks>
/// Every call into cog code (constructor, <c>Name</c>, <c>StartAsync</c>, <c>StopAsync</c>, <c>Unloading</c>
/// callbacks) runs on a thread-pool thread, never on the caller's, and is awaited with a timeout: a cog that blocks
/// synchronously (<c>.Result</c>, <c>Thread.Sleep</c>, an endless loop) costs one thread and is reported, but cannot
/// hang host start, the supervisor's gate or shutdown.
/// </remarks>
internal sealed class CogInstanceLifecycle
{
    private readonly ICogContextFactory _contexts;
    private readonly CogSupervisorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _copies;

    /// <summary>
    /// How long a cog's StopAsync may still run after its token was cancelled (its stop budget spent): time to tell
    /// users their answer was cut, not to finish work.
    /// </summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    public CogInstanceLifecycle(ICogContextFactory contexts, CogSupervisorOptions options, TimeProvider time, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _contexts = contexts;
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        ShadowRoot = CreateShadowRoot(options.ShadowCopyDirectory);
    }

    /// <summary>The folder every shadow copy of this process goes under.</summary>
    public string ShadowRoot { get; }

    /// <summary>
    /// Copies the package's current files to a fresh folder under <see cref="ShadowRoot"/>. On failure the partial
    /// copy is deleted and the exception propagates.
    /// </summary>
    /// <exception cref="IOException">A file could not be read or written.</exception>
    /// <exception cref="UnauthorizedAccessException">A file could not be read or written.</exception>
    /// <exception cref="CogLoadException">An archive package is invalid, unsafe or too large.</exception>
    public CogShadowCopy ShadowCopy(CogPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        string directory = Path.Combine(ShadowRoot, $"{package.Name}.{Interlocked.Increment(ref _copies)}");
        try
        {
            return new CogShadowCopy(directory, CogLoader.ShadowCopy(package, directory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CogLoadException)
        {
            TryDeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>Deletes a shadow copy that was not loaded (a reload found nothing changed).</summary>
    public static void Discard(CogShadowCopy copy)
    {
        ArgumentNullException.ThrowIfNull(copy);
        TryDeleteDirectory(copy.Directory);
    }

    /// <summary>
    /// Loads the copy, creates the context scope, starts the cog with the start timeout and activates its scope.
    /// On any failure the half-made instance is torn down and unloaded, and the result says why.
    /// </summary>
    public async Task<CogStartResult> StartAsync(CogPackage package, CogShadowCopy copy, PluginsConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(copy);
        ArgumentNullException.ThrowIfNull(configuration);
        // The hash is of the bytes that were written into the private shadow copy, which is what loads: no other
        // user can change them between this check and the load.
        if (configuration.TrustProblem(package.Name, copy.Fingerprint) is { } refused)
        {
            TryDeleteDirectory(copy.Directory);
            return new CogStartResult(null, CogOutcomeKind.Failed, $"{package.Source}: {refused}", null);
        }

        CogInstance instance;
        // The constructor and Name are cog code: off this thread, within the start timeout.
        Task<CogInstance> loading = Task.Run(() => CogLoader.Load(package, copy.Directory, copy.Fingerprint), CancellationToken.None);
        try
        {
            instance = await loading.WaitAsync(_options.StartTimeout, _time, cancellationToken);
        }
        catch (CogLoadException e)
        {
            TryDeleteDirectory(copy.Directory);
            return new CogStartResult(null, CogOutcomeKind.Failed, e.Message, null, e.Manifest);
        }
        catch (TimeoutException)
        {
            AbandonLoad(loading);
            return new CogStartResult(null, CogOutcomeKind.Failed,
                $"its constructor did not finish within {_options.StartTimeout.TotalSeconds:0.###} s (the thread it blocks is lost until the bot restarts)", null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            AbandonLoad(loading);
            return new CogStartResult(null, CogOutcomeKind.Failed, "the operation was cancelled while the cog was being constructed", null);
        }

        string name = instance.CogName;
        if (!configuration.IsEnabled(package.Name, name))
        {
            await TearDownAsync(instance, verify: false, cutoff: CancellationToken.None);
            return new CogStartResult(null, CogOutcomeKind.Disabled, "disabled in plugins.json", name);
        }

        JsonElement settings = configuration.SettingsFor(name, package.Name);
        instance.SettingsText = settings.GetRawText();
        string? error = CreateScope(instance, settings, Path.Combine(configuration.DataDirectory, name));
        error ??= await StartCogAsync(instance, cancellationToken);
        if (error is null)
        {
            try
            {
                instance.Scope!.Activate();
            }
            catch (Exception e)
            {
                error = $"activating its handlers and commands failed: {CogLoader.Describe(e)}";
            }
        }

        if (error is not null)
        {
            CogTeardownResult teardown = await TearDownAsync(instance, verify: true, cutoff: CancellationToken.None);
            if (!teardown.Collected) error += "; the failed instance was not collected either";
            return new CogStartResult(null, CogOutcomeKind.Failed, error, name, instance.Manifest);
        }

        instance.LoadedAt = _time.GetUtcNow();
        return new CogStartResult(instance, CogOutcomeKind.Loaded, null, name);
    }

    /// <summary>
    /// Stops and unloads an instance: cancel its token, deactivate its scope, StopAsync with a budget (the configured
    /// stop timeout unless <paramref name="stopBudget"/>; cut short when <paramref name="cutoff"/> fires), then
    /// <see cref="StopGrace"/> after its token is cancelled; dispose the scope (removing everything it registered),
    /// drop every reference, dispose the loader, clear STJ's cache and, when <paramref name="verify"/>, wait for the
    /// load context to be collected (then its shadow copy is deleted).
    /// </summary>
    public async Task<CogTeardownResult> TearDownAsync(CogInstance instance, bool verify, TimeSpan? stopBudget = null, CancellationToken cutoff = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var problems = new List<string>();
        if (instance.Unloading is { } unloading)
        {
            // CancelAsync runs the cog's Unloading callbacks on the thread pool; one that blocks must not hold us.
            Task signalled = unloading.CancelAsync();
            try
            {
                await signalled.WaitAsync(_options.StopTimeout, _time, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                problems.Add($"an Unloading callback did not return within {_options.StopTimeout.TotalSeconds:0.###} s");
            }
            catch (AggregateException e)
            {
                problems.Add($"an Unloading callback threw {CogLoader.Describe(e)}");
            }
        }

        try
        {
            instance.Scope?.Deactivate();
        }
        catch (Exception e)
        {
            problems.Add($"deactivating its scope threw {CogLoader.Describe(e)}");
        }

        // Asked now, not after StopAsync: the runs the deactivation cancelled are given up StopGrace from here, and the
        // supervisor, whose wait for this teardown may run out first, names such a job as the reason in its reply.
        Task<string?>? stuckJobs = null;
        if (verify)
        {
            stuckJobs = StuckJobRunsAsync(instance);
            instance.StuckJobRuns = stuckJobs;
        }

        if (instance.Cog is not null && instance.StartAttempted)
        {
            if (await StopCogAsync(instance, stopBudget ?? _options.StopTimeout, cutoff) is { } stopProblem) problems.Add(stopProblem);
        }

        // At shutdown (no verification) nothing waits for a run that ignores its token: the process ends it, and its
        // Redis lease lapses with the process.
        if (stuckJobs is not null && await stuckJobs is { } stuckProblem) problems.Add(stuckProblem);
        if (await DisposeScopeAsync(instance) is { } scopeProblem) problems.Add(scopeProblem);

        CogLoader.Detach(instance);
        instance.Unloading?.Dispose();
        instance.Unloading = null;
        try
        {
            JsonCacheCleaner.Clear();
        }
        catch (Exception e) when (e is System.Reflection.TargetInvocationException or MemberAccessException)
        {
            problems.Add($"clearing System.Text.Json's cache failed: {CogLoader.Describe(e)}");
        }

        string? summary = problems.Count == 0 ? null : string.Join("; ", problems);
        if (!verify) return new CogTeardownResult(true, summary);

        bool collected = await UnloadVerifier.WaitForCollectionAsync(
            instance.LoadContextReference, instance.AssemblyReference, _options.UnloadVerifyAttempts);
        if (collected) TryDeleteDirectory(instance.ShadowDirectory);
        return new CogTeardownResult(collected, summary);
    }

    /// <summary>Deletes every shadow copy (at shutdown, after the cogs were stopped).</summary>
    public void DeleteShadowRoot() => TryDeleteDirectory(ShadowRoot);

    /// <summary>
    /// The configured folder, else a fresh one in the temp directory. Either way only this user may enter it (0700):
    /// the host loads code from there, so another user must not be able to prepare or swap its files. A fixed
    /// shared name (/tmp/andyai-cogs) could be created first by anyone; a random name made with mkdtemp cannot.
    /// </summary>
    private static string CreateShadowRoot(string configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return Directory.CreateTempSubdirectory("andyai-cogs-").FullName;
        string root = Path.GetFullPath(configured);
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(root);
        else Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return root;
    }

    private string? CreateScope(CogInstance instance, JsonElement settings, string dataDirectory)
    {
        try
        {
            Directory.CreateDirectory(dataDirectory);
            instance.Scope = _contexts.Create(new CogContextRequest(instance.CogName, settings, dataDirectory, instance.Unloading!.Token));
            return null;
        }
        catch (Exception e)
        {
            return $"its context could not be created: {CogLoader.Describe(e)}";
        }
    }

    private async Task<string?> StartCogAsync(CogInstance instance, CancellationToken cancellationToken)
    {
        TimeSpan timeout = _options.StartTimeout;
        using var startCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        instance.StartAttempted = true;
        Task start = Task.Run(() => InvokeStart(instance, startCancellation.Token), CancellationToken.None);
        try
        {
            await start.WaitAsync(timeout, _time, cancellationToken);
            return null;
        }
        catch (Exception) when (start.IsFaulted)
        {
            return $"StartAsync threw {Threw(instance, "StartAsync", start.Exception!)}";
        }
        catch (Exception) when (start.IsCanceled)
        {
            return "StartAsync was cancelled";
        }
        catch (TimeoutException)
        {
            await startCancellation.CancelAsync();
            return $"StartAsync did not finish within {timeout.TotalSeconds:0.###} s";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await startCancellation.CancelAsync();
            return "the operation was cancelled while the cog was starting";
        }
    }

    /// <summary>
    /// StopAsync within <paramref name="budget"/> (or until <paramref name="cutoff"/>), then its token is cancelled and
    /// it gets <see cref="StopGrace"/> to return. Returns what went wrong, or null.
    /// </summary>
    private async Task<string?> StopCogAsync(CogInstance instance, TimeSpan budget, CancellationToken cutoff)
    {
        using var deadline = new CancellationTokenSource(budget, _time);
        using var stopCancellation = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cutoff);
        Task stop = Task.Run(() => InvokeStop(instance, stopCancellation.Token), CancellationToken.None);
        try
        {
            await stop.WaitAsync(stopCancellation.Token);
        }
        catch (Exception) when (stop.IsCompleted)
        {
            // Finished (perhaps by throwing): reported below.
        }
        catch (OperationCanceledException)
        {
            // The budget is spent and the cog's token cancelled: it gets the grace period to wrap up.
        }

        if (!stop.IsCompleted)
        {
            await stopCancellation.CancelAsync();
            try
            {
                await stop.WaitAsync(StopGrace, _time, CancellationToken.None);
            }
            catch (Exception) when (stop.IsCompleted)
            {
            }
            catch (TimeoutException)
            {
                return $"StopAsync did not finish within {budget.TotalSeconds:0.###} s, nor {StopGrace.TotalSeconds:0.###} s after its token was cancelled";
            }
        }

        return stop.IsFaulted ? $"StopAsync threw {Threw(instance, "StopAsync", stop.Exception!)}" : null;
    }

    /// <summary>
    /// Logs where the cog's code threw (its stack trace, so the author finds the line) and returns the one-line
    /// description that outcomes and replies carry. The exception is logged as text: an exception object kept in a
    /// log buffer would reference the cog's code and hold its load context.
    /// </summary>
    private string Threw(CogInstance instance, string method, Exception exception)
    {
        Exception thrown = exception is AggregateException { InnerExceptions.Count: 1 } single ? single.InnerExceptions[0] : exception;
        CogLog.CogCodeThrew(_logger, instance.CogName, method, thrown.ToString());
        return CogLoader.Describe(thrown);
    }

    /// <summary>
    /// The scheduled jobs whose run ignored its cancellation (given up <see cref="StopGrace"/> after the stop, with a
    /// Warning of its own): named in the outcome, since such a run keeps the cog's code loaded. Null when none.
    /// </summary>
    private static async Task<string?> StuckJobRunsAsync(CogInstance instance)
    {
        if (instance.Scope is null) return null;
        IReadOnlyList<string> stuck = await instance.Scope.StuckJobRunsAsync();
        return stuck.Count switch
        {
            0 => null,
            1 => $"its scheduled job {stuck[0]} ignores its cancellation and still runs (given up: the job can run elsewhere)",
            _ => $"its scheduled jobs {string.Join(", ", stuck)} ignore their cancellation and still run (given up: the jobs can run elsewhere)",
        };
    }

    private static async Task<string?> DisposeScopeAsync(CogInstance instance)
    {
        if (instance.Scope is null) return null;
        try
        {
            await instance.Scope.DisposeAsync();
            return null;
        }
        catch (Exception e)
        {
            return $"disposing its context threw {CogLoader.Describe(e)}";
        }
    }

    /// <summary>
    /// A constructor that blocked past the start timeout may still return: then its instance is unloaded (never
    /// started) and its shadow copy deleted when it can be.
    /// </summary>
    private static void AbandonLoad(Task<CogInstance> loading)
    {
        _ = loading.ContinueWith(
            static finished =>
            {
                if (!finished.IsCompletedSuccessfully) return;
                CogInstance late = finished.Result;
                string directory = late.ShadowDirectory;
                late.Unloading?.Dispose();
                CogLoader.Detach(late);
                TryDeleteDirectory(directory);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leaked cog's files may still be mapped (on Windows); they are only temp copies.
        }
    }

    // Not inlined, so no frame of ours holds the cog's Task or delegate in a local past the call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task InvokeStart(CogInstance instance, CancellationToken cancellationToken) =>
        instance.Cog!.StartAsync(instance.Scope!.Context, cancellationToken).AsTask();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task InvokeStop(CogInstance instance, CancellationToken cancellationToken) =>
        instance.Cog!.StopAsync(cancellationToken).AsTask();
}
