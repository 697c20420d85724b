using System.ComponentModel.DataAnnotations;

namespace AndyAI.Emulator.Tests;

public sealed class EmulatorOptionsTests
{
    [Test]
    public void Ctor_EnsureDefaultValues()
    {
        var options = new EmulatorOptions();

        Assert.That(options.Port, Is.Zero);
        Assert.That(options.BotToken, Is.EqualTo("emulator-bot-token"));
        Assert.That(options.HeartbeatInterval, Is.EqualTo(TimeSpan.FromMilliseconds(41_250)));
        Assert.That(options.MessageRateLimit, Is.EqualTo(5));
        Assert.That(options.GlobalRateLimitPerSecond, Is.EqualTo(50));
        Assert.That(options.GrantedPrivilegedIntents, Is.EqualTo(GatewayIntentBits.PrivilegedMask));
    }

    [Test]
    public void StartAsync_InvalidOptions_FailsValidation()
    {
        Assert.That(() => DiscordEmulator.StartAsync(new EmulatorOptions { BotToken = "" }), Throws.InstanceOf<ValidationException>());
        Assert.That(() => DiscordEmulator.StartAsync(new EmulatorOptions { Port = 70000 }), Throws.InstanceOf<ValidationException>());
        Assert.That(() => DiscordEmulator.StartAsync(new EmulatorOptions { BotToken = "Bot abc" }), Throws.InstanceOf<ValidationException>());
        Assert.That(() => DiscordEmulator.StartAsync(new EmulatorOptions { HeartbeatInterval = TimeSpan.Zero }), Throws.InstanceOf<ValidationException>());
    }

    [Test]
    public async Task StartAsync_BindsLoopbackOnly()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();

        Assert.That(emulator.RestBaseUrl, Does.StartWith("http://127.0.0.1:").And.EndWith("/api"));
        Assert.That(emulator.GatewayUrl, Does.StartWith("ws://127.0.0.1:"));
        Assert.That(emulator.BotToken, Does.Not.Match(@"^[A-Za-z0-9_-]{24,}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}$"), "must not look like a real Discord token");
    }
}
