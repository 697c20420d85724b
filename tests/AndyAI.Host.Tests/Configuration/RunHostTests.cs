using System.Collections;
using AndyAI.Host.Configuration;
using AndyAI.Host.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Host.Tests.Configuration;

/// <summary>How the way the Generic Host ended becomes the process's exit code.</summary>
public sealed class RunHostTests
{
    [Test]
    public async Task RunHostAsync_ABackgroundServiceThrows_ExitsWithFailureAndSaysWhichService()
    {
        using IHost host = Build(services => services.AddHostedService<ThrowingService>());
        using var errors = new StringWriter();

        int exitCode = await AndyAIHost.RunHostAsync(host, NullLogger.Instance, errors, Settings(), CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Failure), "a crash must not look like a clean stop to a supervisor");
        Assert.That(errors.ToString().TrimEnd(), Does.StartWith("AndyAI stopped: ThrowingService failed: InvalidOperationException: the disk fell off (details in "));
    }

    [Test]
    public async Task RunHostAsync_ABackgroundServiceThrowsWhileAnotherServiceIsStillStarting_ExitsWithFailure()
    {
        // The fault stops the application, which cancels the start: that must not pass for a requested stop.
        using IHost host = Build(services => services.AddHostedService<ThrowingService>().AddHostedService<StartsUntilCancelled>());
        using var errors = new StringWriter();

        int exitCode = await AndyAIHost.RunHostAsync(host, NullLogger.Instance, errors, Settings(), CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Failure));
        Assert.That(errors.ToString(), Does.StartWith("AndyAI stopped: ThrowingService failed: InvalidOperationException: the disk fell off"));
    }

    [Test]
    public async Task RunHostAsync_StoppedOnRequest_ExitsWithSuccess()
    {
        using IHost host = Build(services => services.AddHostedService<StoppingService>());
        using var errors = new StringWriter();

        int exitCode = await AndyAIHost.RunHostAsync(host, NullLogger.Instance, errors, Settings(), CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Success));
        Assert.That(errors.ToString(), Is.Empty);
    }

    [Test]
    public async Task RunHostAsync_StopRequestedWhileStarting_ExitsWithSuccess()
    {
        using IHost host = Build(services => services.AddHostedService<StopsTheApplicationWhileStarting>());
        using var errors = new StringWriter();

        int exitCode = await AndyAIHost.RunHostAsync(host, NullLogger.Instance, errors, Settings(), CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Success), $"SIGTERM during the start is a requested stop, not a crash; stderr: {errors}");
        Assert.That(errors.ToString(), Is.Empty);
    }

    private static IHost Build(Action<IServiceCollection> configure)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        configure(builder.Services);
        return builder.Build();
    }

    private static HostSettings Settings()
    {
        string root = Directory.CreateTempSubdirectory("andyai-run-host-tests").FullName;
        try
        {
            return HostConfiguration.Configure(new ConfigurationManager(), root, new Hashtable(), []);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>What SIGTERM does while a cog is still starting: the host's lifetime is told to stop, cancelling the start.</summary>
    private sealed class StopsTheApplicationWhileStarting(IHostApplicationLifetime lifetime) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.StopApplication();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class StartsUntilCancelled : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class ThrowingService : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("the disk fell off");
        }
    }

    private sealed class StoppingService(IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            lifetime.StopApplication();
        }
    }
}
