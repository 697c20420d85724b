using System.Runtime.CompilerServices;
using System.Text.Json;

namespace AndyAI.Host.Plugins;

internal sealed partial class CogSupervisor
{
    /// <summary>
    /// Shadow-copies (unless <paramref name="fingerprint"/> says it was done), loads, creates the context scope,
    /// starts the cog with the start timeout and activates its scope. On any failure the half-made instance is
    /// torn down and unloaded, and the result says why.
    /// </summary>
    private async Task<StartResult> StartInstanceAsync(CogPackage package, string shadow, string? fingerprint, CancellationToken cancellationToken)
    {
        PluginsConfiguration configuration = Configuration;
        string copied;
        try
        {
            copied = fingerprint ?? CogLoader.ShadowCopy(package, shadow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDeleteDirectory(shadow);
            return new StartResult(null, CogOutcomeKind.Failed, $"cannot copy its files: {e.Message}", null);
        }

        CogInstance instance;
        try
        {
            instance = CogLoader.Load(package, shadow, copied);
        }
        catch (CogLoadException e)
        {
            TryDeleteDirectory(shadow);
            return new StartResult(null, CogOutcomeKind.Failed, e.Message, null);
        }

        string name = instance.CogName;
        if (!configuration.IsEnabled(package.Name, name))
        {
            await TearDownAsync(instance, verify: false, _options.StopTimeout);
            return new StartResult(null, CogOutcomeKind.Disabled, "disabled in plugins.json", name);
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
            TeardownResult teardown = await TearDownAsync(instance, verify: true, _options.StopTimeout);
            if (!teardown.Collected) error += "; the failed instance was not collected either";
            return new StartResult(null, CogOutcomeKind.Failed, error, name);
        }

        instance.LoadedAt = _time.GetUtcNow();
        return new StartResult(instance, CogOutcomeKind.Loaded, null, name);
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
        Task start;
        try
        {
            start = InvokeStart(instance, startCancellation.Token);
        }
        catch (Exception e)
        {
            return $"StartAsync threw {CogLoader.Describe(e)}";
        }

        try
        {
            await start.WaitAsync(timeout, _time, cancellationToken);
            return null;
        }
        catch (Exception) when (start.IsFaulted)
        {
            return $"StartAsync threw {CogLoader.Describe(start.Exception!)}";
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
    /// Stops and unloads an instance: cancel its token, deactivate its scope, StopAsync with a timeout, dispose the
    /// scope (removing everything it registered), drop every reference, dispose the loader, clear STJ's cache and,
    /// when <paramref name="verify"/>, wait for the load context to be collected.
    /// </summary>
    private async Task<TeardownResult> TearDownAsync(CogInstance instance, bool verify, TimeSpan stopTimeout)
    {
        var problems = new List<string>();
        try
        {
            if (instance.Unloading is { } unloading) await unloading.CancelAsync();
        }
        catch (AggregateException e)
        {
            problems.Add($"an Unloading callback threw {CogLoader.Describe(e)}");
        }

        try
        {
            instance.Scope?.Deactivate();
        }
        catch (Exception e)
        {
            problems.Add($"deactivating its scope threw {CogLoader.Describe(e)}");
        }

        if (instance.Cog is not null && instance.StartAttempted)
        {
            if (await StopCogAsync(instance, stopTimeout) is { } stopProblem) problems.Add(stopProblem);
        }

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
        if (!verify) return new TeardownResult(true, summary);

        bool collected = await UnloadVerifier.WaitForCollectionAsync(
            instance.LoadContextReference, instance.AssemblyReference, _options.UnloadVerifyAttempts);
        if (collected) TryDeleteDirectory(instance.ShadowDirectory);
        return new TeardownResult(collected, summary);
    }

    private async Task<string?> StopCogAsync(CogInstance instance, TimeSpan timeout)
    {
        using var stopCancellation = new CancellationTokenSource();
        Task stop;
        try
        {
            stop = InvokeStop(instance, stopCancellation.Token);
        }
        catch (Exception e)
        {
            return $"StopAsync threw {CogLoader.Describe(e)}";
        }

        try
        {
            await stop.WaitAsync(timeout, _time);
            return null;
        }
        catch (Exception) when (stop.IsFaulted)
        {
            return $"StopAsync threw {CogLoader.Describe(stop.Exception!)}";
        }
        catch (Exception) when (stop.IsCanceled)
        {
            return null;
        }
        catch (TimeoutException)
        {
            await stopCancellation.CancelAsync();
            return $"StopAsync did not finish within {timeout.TotalSeconds:0.###} s";
        }
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task InvokeStart(CogInstance instance, CancellationToken cancellationToken) =>
        instance.Cog!.StartAsync(instance.Scope!.Context, cancellationToken).AsTask();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task InvokeStop(CogInstance instance, CancellationToken cancellationToken) =>
        instance.Cog!.StopAsync(cancellationToken).AsTask();
}
