using AndyAI.Cluster.Admin;
using AndyAI.Host.Admin;

namespace AndyAI.Host.Tests.Admin;

public sealed class ClusterAdminTests
{
    [Test]
    public void Merge_OneProcess_IsItsReplyAsAlways() =>
        Assert.That(ClusterAdmin.Merge([new ClusterAnswer("a", "Chat: reloaded in 5 ms", true)], TimeSpan.FromSeconds(10)), Is.EqualTo("Chat: reloaded in 5 ms"));

    [Test]
    public void Merge_SeveralProcesses_OneSectionEachAndTheSilentNamed()
    {
        string merged = ClusterAdmin.Merge(
        [
            new ClusterAnswer("a", "Chat: reloaded in 5 ms", true),
            new ClusterAnswer("b", "Chat: reloaded in 7 ms", false),
            new ClusterAnswer("c", null, false),
        ], TimeSpan.FromSeconds(10));

        Assert.That(merged, Is.EqualTo("3 processes:\n**a** (this process):\nChat: reloaded in 5 ms\n**b**:\nChat: reloaded in 7 ms\n**c**: did not answer within 10 s"));
    }
}
