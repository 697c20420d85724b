using AndyAI.Abstractions.Memory;

namespace AndyAI.Storage.Tests;

/// <summary>A real outage: the PostgreSQL server stops while the bot runs, and starts again.</summary>
[NonParallelizable]
public sealed class PostgresOutageTests
{
    [Test]
    public async Task ServerStops_AnswersGoOnWithoutMemory_HeldTurnsAreWrittenWhenItIsBack()
    {
        PostgresCluster cluster = await Engines.ClusterAsync();
        await using StorageSut sut = await StorageSut.StartAsync(DatabaseKind.PostgreSql);
        var query = new ConversationQuery { UserId = 1, ChannelId = 2, MaxTurns = 5 };
        await sut.Memory.AppendAsync(ConversationHistory.Empty, Turn(10, "before"), CancellationToken.None);

        await cluster.StopServerAsync();
        ConversationHistory during;
        try
        {
            during = await sut.Memory.FindAsync(query, CancellationToken.None);
            await sut.Memory.AppendAsync(during, Turn(20, "during"), CancellationToken.None);
            await sut.Service.TryRecoverAsync(CancellationToken.None); // still down: stays unavailable
            Assert.That(sut.Memory.IsAvailable, Is.False);
        }
        finally
        {
            await cluster.StartServerAsync();
        }

        await sut.Service.TryRecoverAsync(CancellationToken.None);
        ConversationHistory after = await sut.Memory.FindAsync(query, CancellationToken.None);

        Assert.That(during.Turns, Is.Empty, "no memory during the outage, and no error");
        Assert.That(sut.Memory.IsAvailable, Is.True);
        Assert.That(sut.Memory.BacklogCount, Is.Zero);
        Assert.That(after.Turns.Select(t => t.UserText), Is.EqualTo(new[] { "before", "during" }).Or.EqualTo(new[] { "during" }),
            "the held turn is stored (it started a new chain, since its question found no memory)");
        Assert.That(await sut.Memory.FindAsync(query with { ReplyToMessageId = 11 }, CancellationToken.None), Has.Property("IsReplyChainKnown").True, "the earlier turn is still there");
    }

    private static ConversationTurn Turn(ulong id, string text) => new()
    {
        UserId = 1,
        ChannelId = 2,
        QuestionMessageId = id,
        AnswerMessageIds = [id + 1],
        UserText = text,
        AnswerText = "answer to " + text,
    };
}
