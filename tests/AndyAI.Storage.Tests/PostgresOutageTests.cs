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

    [Test]
    public async Task ServerStopsWhileNothingAsks_TheHealthCheckMarksItUnavailable()
    {
        PostgresCluster cluster = await Engines.ClusterAsync();
        await using StorageSut sut = await StorageSut.StartAsync(DatabaseKind.PostgreSql);
        await sut.Service.CheckHealthAsync(CancellationToken.None);
        Assert.That(sut.Memory.IsAvailable, Is.True, "a check of a database that answers changes nothing");

        await cluster.StopServerAsync();
        try
        {
            // Nothing uses the database: only the service's periodic check can notice. Time is fake; each step lets it run.
            for (int step = 0; step < 100 && sut.Memory.IsAvailable; step++)
            {
                sut.Time.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(50);
            }

            Assert.That(sut.Memory.IsAvailable, Is.False, "the outage is seen without a question, so /readyz and !stats say so");
        }
        finally
        {
            await cluster.StartServerAsync();
        }

        // As the service's probe does: again until the restarted server takes connections (a loaded machine may need
        // more than one try; the pool's connections from before the stop are dead).
        for (int attempt = 0; attempt < 100 && !sut.Memory.IsAvailable; attempt++)
        {
            await sut.Service.TryRecoverAsync(CancellationToken.None);
            if (!sut.Memory.IsAvailable) await Task.Delay(100);
        }

        Assert.That(sut.Memory.IsAvailable, Is.True);
    }

    [Test]
    public async Task ServerDownAtStart_StartsWithoutMemory_AndMigratesOnceItAnswers()
    {
        PostgresCluster cluster = await Engines.ClusterAsync();
        StorageSut sut = await StorageSut.CreateAsync(DatabaseKind.PostgreSql);
        await using (sut)
        {
            await cluster.StopServerAsync();
            try
            {
                await sut.Service.StartAsync(CancellationToken.None);
                await sut.Memory.AppendAsync(ConversationHistory.Empty, Turn(30, "while down at start"), CancellationToken.None);
                Assert.That((sut.Memory.IsAvailable, sut.Service.SchemaVersion, sut.Memory.BacklogCount), Is.EqualTo((false, 0, 1)));
            }
            finally
            {
                await cluster.StartServerAsync();
            }

            await sut.Service.TryRecoverAsync(CancellationToken.None);

            Assert.That(sut.Memory.IsAvailable, Is.True);
            Assert.That(sut.Service.SchemaVersion, Is.EqualTo(Migrations.Schema.LatestVersion));
            Assert.That((await sut.Memory.FindAsync(new ConversationQuery { UserId = 1, ChannelId = 2, ReplyToMessageId = 31 }, CancellationToken.None)).IsReplyChainKnown, Is.True,
                "the turn held since the start is stored");
        }
    }

    [Test]
    public async Task WrongPassword_RefusesToStart_WithOneLineNamingTheDatabase_AndNotThePassword()
    {
        PostgresCluster cluster = await Engines.ClusterAsync();
        string database = await cluster.CreateDatabaseAsync();
        await using StorageSut sut = await StorageSut.CreateAsync(DatabaseKind.PostgreSql,
            o => o.DatabaseUrl = $"postgres://{PostgresCluster.User}:not-the-Passw0rd@127.0.0.1:{cluster.Port}/{database}");

        StorageStartupException? refused = await Assert.ThrowsAsync<StorageStartupException>(() => sut.Service.StartAsync(CancellationToken.None));

        Assert.That(refused!.Message, Does.StartWith($"PostgreSQL {PostgresCluster.User}@127.0.0.1:{cluster.Port}/{database} refused the connection").And.Contain("28P01"));
        Assert.That(refused.Message, Does.Not.Contain("not-the-Passw0rd"));
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
