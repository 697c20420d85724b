using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Services.Tests;

/// <summary>
/// A FakeTimeProvider that reports every one-shot timer (a Task.Delay) it creates, so a test can advance time by
/// exactly the delay the code under test asked for. Timers of a minute or more (the LLM service's overall
/// deadline) are not reported: driving the clock to them would end every call as a timeout.
/// </summary>
internal sealed class SteppedTime : TimeProvider
{
    private readonly Channel<TimeSpan> _delays = Channel.CreateUnbounded<TimeSpan>();

    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = Fake.CreateTimer(callback, state, dueTime, period);
        if (period == Timeout.InfiniteTimeSpan && dueTime != Timeout.InfiniteTimeSpan && dueTime < TimeSpan.FromMinutes(1))
        {
            _delays.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Runs <paramref name="call"/> to completion, advancing fake time through each delay it waits on.</summary>
    public async Task<T> DriveAsync<T>(Task<T> call, List<TimeSpan>? advanced = null)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!call.IsCompleted)
        {
            Task<TimeSpan> next = _delays.Reader.ReadAsync(guard.Token).AsTask();
            Task done = await Task.WhenAny(call, next);
            if (done == call)
            {
                break;
            }

            TimeSpan delay = await next;
            advanced?.Add(delay);
            Fake.Advance(delay);
        }

        return await call.WaitAsync(guard.Token);
    }
}
