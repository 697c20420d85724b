using System.Collections.Concurrent;
using AndyAI.Host.Cogs;
using AndyAI.Host.Cogs.Http;

namespace AndyAI.Host.Tests.Fakes;

/// <summary>
/// A context factory whose scopes stage commands until Activate and route them through <see cref="FakeCommandRouter"/>,
/// like the host's real scopes. It records the order scopes were disposed in.
/// </summary>
internal sealed class FakeCogContextFactory(TimeProvider time) : ICogContextFactory
{
    public FakeCommandRouter Router { get; } = new();

    /// <summary>The live HTTP routes of every scope, as the host's table holds them.</summary>
    public CogHttpRouteTable HttpRoutes { get; } = new() { IsServed = true };

    public ConcurrentQueue<string> DisposedInOrder { get; } = new();

    public ConcurrentQueue<CogContextRequest> Requests { get; } = new();

    public Func<CogContextRequest, Exception?> FailCreate { get; set; } = _ => null;

    public ICogContextScope Create(CogContextRequest request)
    {
        if (FailCreate(request) is { } failure) throw failure;
        Requests.Enqueue(request with { Settings = request.Settings.Clone() });
        return new FakeCogContextScope(this, request, time);
    }
}
