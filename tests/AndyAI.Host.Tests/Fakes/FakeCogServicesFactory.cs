using AndyAI.Services;

namespace AndyAI.Host.Tests.Fakes;

/// <summary>Hands out service sets that only record whether they were disposed.</summary>
internal sealed class FakeCogServicesFactory : ICogServicesFactory
{
    public List<FakeCogServices> Created { get; } = [];

    public ICogServices Create(string cogName)
    {
        var services = new FakeCogServices(cogName);
        Created.Add(services);
        return services;
    }
}
