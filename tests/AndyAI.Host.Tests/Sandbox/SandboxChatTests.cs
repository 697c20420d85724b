using AndyAI.Host.Sandbox;

namespace AndyAI.Host.Tests.Sandbox;

/// <summary>
/// The sandbox chat's console input. Console.In is a synchronized reader whose ReadLineAsync runs ReadLine inline,
/// so a read that waits for a keypress must still let the host stop (a SIGTERM used to take the whole 30 s host
/// shutdown timeout, and the cogs were then torn down by dispose instead of stopped in order).
/// </summary>
public sealed class SandboxChatTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(15);

    [Test]
    public async Task ReadLineAsync_ConsoleLikeReaderBlocksThenStopRequested_ReturnsCancelled()
    {
        using var keyboard = new NoKeypressReader();
        TextReader input = TextReader.Synchronized(keyboard); // what Console.In is
        using var stop = new CancellationTokenSource();
        try
        {
            // Task.Run only so that a read that blocks its caller cannot hang this test.
            Task<string?> read = Task.Run(() => SandboxChat.ReadLineAsync(input, stop.Token));
            Assert.That(keyboard.ReadStarted.Wait(HangGuard), Is.True, "the read never started");

            await stop.CancelAsync();

            Assert.That(async () => await read.WaitAsync(HangGuard), Throws.InstanceOf<OperationCanceledException>());
        }
        finally
        {
            keyboard.Release();
        }
    }

    [Test]
    public void Reason_AnEmulatorRefusal_ReadsWithoutDotNetsParameterSuffix()
    {
        Assert.That(SandboxChat.Reason(new ArgumentException("/roll needs option 'dice'.", "given")), Is.EqualTo("/roll needs option 'dice'."));
        Assert.That(SandboxChat.Reason(new ArgumentException("no parameter named")), Is.EqualTo("no parameter named"));
    }

    [Test]
    public void Suggestions_ListedOneALine_WithTheValueToTypeWhenItIsNotTheName()
    {
        string listed = SandboxChat.Suggestions("/roll sides", "2", ["d20", "2"], ["20", "2"]);
        string named = SandboxChat.Suggestions("/forecast city", "Ly", ["Lyon"], ["\"Lyon\""]);
        string none = SandboxChat.Suggestions("/forecast city", "zz", [], []);
        string fixedChoices = SandboxChat.Suggestions("/forecast country", "", ["France", "Germany"], ["\"fr\"", "\"de\""], fixedChoices: true);

        Assert.That(listed, Is.EqualTo("[autocomplete] /roll sides, typed \"2\": 2 suggestions\n    d20 (type 20)\n    2"));
        Assert.That(named, Is.EqualTo("[autocomplete] /forecast city, typed \"Ly\": 1 suggestion\n    Lyon"));
        Assert.That(none, Is.EqualTo("[autocomplete] /forecast city, typed \"zz\": no suggestions"));
        Assert.That(fixedChoices, Is.EqualTo("[choices] /forecast country, typed \"\": 2 choices\n    France (type fr)\n    Germany (type de)"));
    }

    [Test]
    public async Task ReadLineAsync_PipedInput_ReturnsEachLineThenNull()
    {
        TextReader input = TextReader.Synchronized(new StringReader("@AndyAI hi\n!ping\n"));

        Assert.That(await SandboxChat.ReadLineAsync(input, CancellationToken.None).WaitAsync(HangGuard), Is.EqualTo("@AndyAI hi"));
        Assert.That(await SandboxChat.ReadLineAsync(input, CancellationToken.None).WaitAsync(HangGuard), Is.EqualTo("!ping"));
        Assert.That(await SandboxChat.ReadLineAsync(input, CancellationToken.None).WaitAsync(HangGuard), Is.Null);
    }

    /// <summary>A terminal nobody types into: ReadLine blocks (ignoring any token) until the test releases it.</summary>
    private sealed class NoKeypressReader : TextReader
    {
        private readonly ManualResetEventSlim _released = new();

        public ManualResetEventSlim ReadStarted { get; } = new();

        public void Release() => _released.Set();

        public override string? ReadLine()
        {
            ReadStarted.Set();
            _released.Wait();
            return null;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _released.Set();
                _released.Dispose();
                ReadStarted.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
