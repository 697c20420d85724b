using System.Data.Common;
using System.Globalization;
using System.Text;
using AndyAI.Abstractions.Memory;

namespace AndyAI.Storage.Conversations;

/// <summary>
/// The SQL of conversations, the same on both engines. A turn points at the turn it follows (<c>parent_id</c>); a
/// conversation is the chain of parents from a turn. Every message of a turn (the question and each part of the
/// answer) is indexed, so a reply to any of them continues the chain at that turn.
/// </summary>
internal static class ConversationStore
{
    private const string TurnColumns =
        "t.id, t.user_id, t.guild_id, t.channel_id, t.question_message_id, t.user_text, t.answer_text, t.model, t.prompt_tokens, t.completion_tokens, t.created_at";

    // The chain from a start turn to its oldest ancestor within the limits, newest first. The start is one of the
    // two sub-selects below: the turn of a replied-to message, or the user's latest turn in the channel.
    private const string ChainFrom = """
        WITH RECURSIVE chain (id, parent_id, depth) AS (
            SELECT id, parent_id, 1 FROM conversation_turns WHERE id = ({start}) AND created_at >= @oldest
            UNION ALL
            SELECT t.id, t.parent_id, c.depth + 1 FROM conversation_turns t JOIN chain c ON t.id = c.parent_id
            WHERE c.depth < @max AND t.created_at >= @oldest
        )
        SELECT {columns} FROM chain c JOIN conversation_turns t ON t.id = c.id ORDER BY c.depth DESC;
        """;

    private static readonly string ChainOfMessage = Chain("SELECT turn_id FROM conversation_messages WHERE message_id = @message");

    private static readonly string ChainOfLatest = Chain(
        "SELECT id FROM conversation_turns WHERE user_id = @user AND channel_id = @channel AND created_at >= @since ORDER BY created_at DESC, id DESC LIMIT 1");

    // A thread's conversation is everything in it: its newest turns by anyone, whatever chain each continued.
    private static readonly string LatestInChannel =
        $"SELECT {TurnColumns} FROM (SELECT * FROM conversation_turns WHERE channel_id = @channel AND created_at >= @oldest ORDER BY created_at DESC, id DESC LIMIT @max) t ORDER BY t.created_at, t.id;";

    private static string Chain(string start) =>
        ChainFrom.Replace("{start}", start, StringComparison.Ordinal).Replace("{columns}", TurnColumns, StringComparison.Ordinal);

    /// <summary>The chain ending at the turn that holds <paramref name="messageId"/>, oldest first (empty when no turn holds it).</summary>
    public static Task<List<StoredTurn>> ChainOfMessageAsync(DbConnection connection, ulong messageId, int maxTurns, long oldest, CancellationToken cancellationToken) =>
        ReadTurnsAsync(Database.Command(connection, ChainOfMessage, null, ("message", ToDb(messageId)), ("max", maxTurns), ("oldest", oldest)), cancellationToken);

    /// <summary>The chain ending at the user's latest turn in the channel at or after <paramref name="since"/>, oldest first.</summary>
    public static Task<List<StoredTurn>> ChainOfLatestAsync(DbConnection connection, ulong userId, ulong channelId, long since, int maxTurns, long oldest, CancellationToken cancellationToken) =>
        ReadTurnsAsync(Database.Command(connection, ChainOfLatest, null,
            ("user", ToDb(userId)), ("channel", ToDb(channelId)), ("since", since), ("max", maxTurns), ("oldest", oldest)), cancellationToken);

    /// <summary>The newest <paramref name="maxTurns"/> turns in a channel (a thread), by anyone, oldest first.</summary>
    public static Task<List<StoredTurn>> LatestInChannelAsync(DbConnection connection, ulong channelId, int maxTurns, long oldest, CancellationToken cancellationToken) =>
        ReadTurnsAsync(Database.Command(connection, LatestInChannel, null, ("channel", ToDb(channelId)), ("max", maxTurns), ("oldest", oldest)), cancellationToken);

    /// <summary>Inserts a turn after <paramref name="parentId"/> and indexes its messages; returns its id.</summary>
    public static async Task<long> InsertAsync(DbConnection connection, ConversationTurn turn, long? parentId, long createdAt, CancellationToken cancellationToken)
    {
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
        long id;
        using (DbCommand insert = Database.Command(connection, """
            INSERT INTO conversation_turns
                (parent_id, user_id, guild_id, channel_id, question_message_id, user_text, answer_text, model, prompt_tokens, completion_tokens, created_at)
            VALUES (@parent, @user, @guild, @channel, @question, @userText, @answerText, @model, @promptTokens, @completionTokens, @createdAt)
            RETURNING id;
            """, transaction,
            ("parent", parentId), ("user", ToDb(turn.UserId)), ("guild", turn.GuildId is { } guild ? ToDb(guild) : null), ("channel", ToDb(turn.ChannelId)),
            ("question", ToDb(turn.QuestionMessageId)), ("userText", turn.UserText), ("answerText", turn.AnswerText), ("model", turn.Model),
            ("promptTokens", turn.PromptTokens), ("completionTokens", turn.CompletionTokens), ("createdAt", createdAt)))
        {
            id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var messages = new List<ulong>(turn.AnswerMessageIds.Count + 1) { turn.QuestionMessageId };
        messages.AddRange(turn.AnswerMessageIds.Where(m => m != turn.QuestionMessageId).Distinct());
        var sql = new StringBuilder("INSERT INTO conversation_messages (message_id, turn_id) VALUES ");
        var parameters = new (string Name, object? Value)[messages.Count + 1];
        parameters[0] = ("turn", id);
        for (int i = 0; i < messages.Count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@m{i}, @turn)");
            parameters[i + 1] = ("m" + i.ToString(CultureInfo.InvariantCulture), ToDb(messages[i]));
        }

        // A message seen twice (a retried write after a lost acknowledgement) keeps its first turn.
        sql.Append(" ON CONFLICT (message_id) DO NOTHING;");
        using (DbCommand index = Database.Command(connection, sql.ToString(), transaction, parameters))
        {
            await index.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>Deletes a user's turns in one channel or (null) everywhere; their messages go with them.</summary>
    public static async Task<int> DeleteUserAsync(DbConnection connection, ulong userId, ulong? channelId, CancellationToken cancellationToken)
    {
        using DbCommand delete = channelId is { } channel
            ? Database.Command(connection, "DELETE FROM conversation_turns WHERE user_id = @user AND channel_id = @channel;", null, ("user", ToDb(userId)), ("channel", ToDb(channel)))
            : Database.Command(connection, "DELETE FROM conversation_turns WHERE user_id = @user;", null, ("user", ToDb(userId)));
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes up to <paramref name="batch"/> turns created before <paramref name="cutoff"/>; returns how many.</summary>
    public static async Task<int> DeleteOlderThanAsync(DbConnection connection, long cutoff, int batch, CancellationToken cancellationToken)
    {
        using DbCommand delete = Database.Command(connection,
            "DELETE FROM conversation_turns WHERE id IN (SELECT id FROM conversation_turns WHERE created_at < @cutoff ORDER BY created_at LIMIT @batch);",
            null, ("cutoff", cutoff), ("batch", batch));
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every turn of one user, oldest first, with the messages of each (for /mydata export).</summary>
    public static async Task<List<StoredTurn>> AllOfUserAsync(DbConnection connection, ulong userId, CancellationToken cancellationToken) =>
        await ReadTurnsAsync(Database.Command(connection, $"SELECT {TurnColumns} FROM conversation_turns t WHERE t.user_id = @user ORDER BY t.created_at, t.id;", null,
            ("user", ToDb(userId))), cancellationToken);

    private static async Task<List<StoredTurn>> ReadTurnsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        using (command)
        {
            var turns = new List<StoredTurn>();
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                turns.Add(new StoredTurn(reader.GetInt64(0), new ConversationTurn
                {
                    UserId = FromDb(reader.GetInt64(1)),
                    GuildId = reader.IsDBNull(2) ? null : FromDb(reader.GetInt64(2)),
                    ChannelId = FromDb(reader.GetInt64(3)),
                    QuestionMessageId = FromDb(reader.GetInt64(4)),
                    UserText = reader.GetString(5),
                    AnswerText = reader.GetString(6),
                    Model = reader.IsDBNull(7) ? null : reader.GetString(7),
                    PromptTokens = reader.GetInt32(8),
                    CompletionTokens = reader.GetInt32(9),
                    Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
                }));
            }

            return turns;
        }
    }

    // Snowflakes stay below 2^63, so the signed column holds them unchanged.
    internal static long ToDb(ulong id) => unchecked((long)id);

    internal static ulong FromDb(long value) => unchecked((ulong)value);
}
