using System.Collections;
using AndyAI.Host.Configuration;
using AndyAI.Host.Hosting;

namespace AndyAI.Host.Tests.Configuration;

public sealed class AndyAIHostTests
{
    [TestCase("LOG_LEVEL", "loud", "Configuration error: LOG_LEVEL is 'loud'")]
    [TestCase("ADMIN_USER_IDS", "me", "Configuration error: ADMIN_USER_IDS (Commands:AdminUserIds) contains 'me'")]
    public async Task RunAsync_MalformedSetting_PrintsOneLineAndExitsWithConfigurationError(string variable, string value, string expected)
    {
        using var errors = new StringWriter();

        int exitCode = await AndyAIHost.RunAsync([], new Hashtable { [variable] = value }, errors, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.ConfigurationError));
        string output = errors.ToString().TrimEnd();
        Assert.That(output, Does.StartWith(expected));
        Assert.That(output, Does.Not.Contain('\n'), "one line, no stack trace");
    }

    [Test]
    public async Task RunAsync_TokenButNoModel_NamesTheMissingSetting()
    {
        using var errors = new StringWriter();

        int exitCode = await AndyAIHost.RunAsync([], new Hashtable { ["DISCORD_API_TOKEN"] = "abc.def.ghi" }, errors, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.ConfigurationError));
        Assert.That(errors.ToString().TrimEnd(), Does.StartWith("Configuration error: OPENAI_API_KEY is required"));
    }
}
