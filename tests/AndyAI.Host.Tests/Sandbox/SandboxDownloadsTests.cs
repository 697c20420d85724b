using AndyAI.Emulator;
using AndyAI.Host.Sandbox;

namespace AndyAI.Host.Tests.Sandbox;

public sealed class SandboxDownloadsTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Path.Combine(Path.GetTempPath(), "andyai-downloads-tests", Guid.NewGuid().ToString("N"));

    [TearDown]
    public void DeleteDirectory()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private static EmulatorAttachment File(ulong id, string name, string text) =>
        new(id, name, System.Text.Encoding.UTF8.GetBytes(text), "application/json");

    [Test]
    public void Save_EachAttachmentOnce_NeverOverAnotherFile()
    {
        var sut = new SandboxDownloads(_directory);

        Assert.That(sut.TrySave(File(1, "andyai-mydata.json", "{\"a\":1}"), out string first), Is.True);
        Assert.That(sut.TrySave(File(1, "andyai-mydata.json", "{\"a\":1}"), out string again), Is.True);
        Assert.That(sut.TrySave(File(2, "andyai-mydata.json", "{\"b\":2}"), out string second), Is.True);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(Path.Combine(_directory, "andyai-mydata.json")));
            Assert.That(again, Is.EqualTo(first), "printing the message again does not save it again");
            Assert.That(second, Is.EqualTo(Path.Combine(_directory, "andyai-mydata (2).json")));
            Assert.That(System.IO.File.ReadAllText(first), Is.EqualTo("{\"a\":1}"));
            Assert.That(System.IO.File.ReadAllText(second), Is.EqualTo("{\"b\":2}"));
        });
    }

    [Test]
    public void Save_AFileFromAnEarlierRun_IsKept()
    {
        Directory.CreateDirectory(_directory);
        System.IO.File.WriteAllText(Path.Combine(_directory, "notes.txt"), "mine");

        Assert.That(new SandboxDownloads(_directory).TrySave(File(7, "notes.txt", "the bot's"), out string saved), Is.True);

        Assert.That(saved, Is.EqualTo(Path.Combine(_directory, "notes (2).txt")));
        Assert.That(System.IO.File.ReadAllText(Path.Combine(_directory, "notes.txt")), Is.EqualTo("mine"));
    }

    [Test]
    public void TrySave_FolderCannotBeCreated_SaysWhy()
    {
        System.IO.File.WriteAllText(_directory + ".file", "a file where the folder would go");
        try
        {
            Assert.That(new SandboxDownloads(Path.Combine(_directory + ".file", "sub")).TrySave(File(1, "a.json", "{}"), out string error), Is.False);
            Assert.That(error, Is.Not.Empty);
        }
        finally
        {
            System.IO.File.Delete(_directory + ".file");
        }
    }

    [TestCase("../../etc/passwd", "passwd")]
    [TestCase("..\\evil.json", "evil.json")]
    [TestCase("..", "file")]
    [TestCase(".hidden", "hidden")]
    [TestCase("a\0b.txt", "a_b.txt")]
    public void SafeName_KeepsTheFileInsideTheFolder(string name, string expected)
    {
        Assert.That(SandboxDownloads.SafeName(name), Is.EqualTo(expected));
    }
}
