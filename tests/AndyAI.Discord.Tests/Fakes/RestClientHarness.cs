using AndyAI.Discord.Rest;
using AndyAI.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Discord.Tests.Fakes;

/// <summary>
/// A <see cref="DiscordRestClient"/> on a scripted HTTP handler and a fake clock that counts the waits the client
/// starts on it: every wait in the client (a bucket's reset, the global limit, a retry's backoff) is a
/// <c>Task.Delay</c> on the injected clock, so "held back until the clock moves" is <see cref="WhenWaitingAsync"/>.
/// </summary>
internal sealed class RestClientHarness : IDisposable
{
    public const string MessageJson = """{"id":"5","channel_id":"200","author":{"id":"42","username":"andy","bot":true},"content":"hi"}""";

    public TimerCountingTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public FakeHttpHandler Http { get; } = new();

    /// <summary>A client with <paramref name="options"/> (a token and a loopback base URL when null).</summary>
    public DiscordRestClient CreateClient(DiscordClientOptions? options = null) =>
        new(Http, options ?? new DiscordClientOptions { Token = "secret-token", ApiBaseUrl = "http://127.0.0.1:1/api" }, Time, NullLogger.Instance, disposeHandler: false);

    /// <summary>Completes once <paramref name="count"/> more waits on the clock have started than <paramref name="before"/>.</summary>
    public Task WhenWaitingAsync(int before, int count = 1) => Time.WhenTimersCreatedAsync(before + count);

    /// <summary>Moves the clock in steps of <paramref name="step"/> until <paramref name="task"/> completes, then returns its result.</summary>
    public Task<T> AdvanceUntilAsync<T>(Task<T> task, TimeSpan step) => Time.AdvanceUntilAsync(task, step);

    public void Dispose() => Http.Dispose();
}
