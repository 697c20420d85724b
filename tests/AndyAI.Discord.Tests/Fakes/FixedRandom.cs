namespace AndyAI.Discord.Tests.Fakes;

/// <summary>A <see cref="Random"/> whose doubles are fixed, so jitter is known.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;

    protected override double Sample() => value;
}
