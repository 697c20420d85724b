using System.Data.Common;
using static AndyAI.Storage.Conversations.ConversationStore;

namespace AndyAI.Storage.Accounts;

/// <summary>The SQL of token usage and of guild and user settings, the same on both engines.</summary>
internal static class AccountStore
{
    /// <summary>Adds one call's tokens to its day's row (creating it).</summary>
    public static async Task<int> AddUsageAsync(DbConnection connection, UsageRow row, CancellationToken cancellationToken)
    {
        using DbCommand upsert = Database.Command(connection, """
            INSERT INTO llm_usage (day, user_id, guild_id, model, requests, prompt_tokens, completion_tokens)
            VALUES (@day, @user, @guild, @model, @requests, @prompt, @completion)
            ON CONFLICT (day, user_id, guild_id, model) DO UPDATE SET
                requests = llm_usage.requests + excluded.requests,
                prompt_tokens = llm_usage.prompt_tokens + excluded.prompt_tokens,
                completion_tokens = llm_usage.completion_tokens + excluded.completion_tokens;
            """, null,
            ("day", row.Day), ("user", ToDb(row.UserId)), ("guild", ToDb(row.GuildId ?? 0)), ("model", row.Model),
            ("requests", row.Requests), ("prompt", row.PromptTokens), ("completion", row.CompletionTokens));
        return await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Tokens (prompt + completion) the user used on <paramref name="day"/>, everywhere.</summary>
    public static Task<long> UserTokensAsync(DbConnection connection, long day, ulong userId, CancellationToken cancellationToken) =>
        SumAsync(connection, "SELECT COALESCE(SUM(prompt_tokens + completion_tokens), 0) FROM llm_usage WHERE day = @day AND user_id = @id;", day, userId, cancellationToken);

    /// <summary>Tokens (prompt + completion) everyone used in the guild on <paramref name="day"/>.</summary>
    public static Task<long> GuildTokensAsync(DbConnection connection, long day, ulong guildId, CancellationToken cancellationToken) =>
        SumAsync(connection, "SELECT COALESCE(SUM(prompt_tokens + completion_tokens), 0) FROM llm_usage WHERE day = @day AND guild_id = @id;", day, guildId, cancellationToken);

    /// <summary>Every usage row of the user (their data, for /mydata export), oldest day first.</summary>
    public static async Task<List<UsageRow>> UsageOfUserAsync(DbConnection connection, ulong userId, CancellationToken cancellationToken)
    {
        using DbCommand select = Database.Command(connection,
            "SELECT day, guild_id, model, requests, prompt_tokens, completion_tokens FROM llm_usage WHERE user_id = @user ORDER BY day, guild_id, model;", null,
            ("user", ToDb(userId)));
        var rows = new List<UsageRow>();
        await using DbDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ulong guild = FromDb(reader.GetInt64(1));
            rows.Add(new UsageRow(reader.GetInt64(0), userId, guild == 0 ? null : guild, reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
        }

        return rows;
    }

    /// <summary>Usage rows of days before <paramref name="day"/> (the retention purge).</summary>
    public static async Task<int> DeleteUsageBeforeAsync(DbConnection connection, long day, CancellationToken cancellationToken)
    {
        using DbCommand delete = Database.Command(connection, "DELETE FROM llm_usage WHERE day < @day;", null, ("day", day));
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes the user's usage rows and settings (/mydata delete); returns the rows removed.</summary>
    public static async Task<int> DeleteUserAsync(DbConnection connection, ulong userId, CancellationToken cancellationToken)
    {
        using DbCommand usage = Database.Command(connection, "DELETE FROM llm_usage WHERE user_id = @user;", null, ("user", ToDb(userId)));
        using DbCommand settings = Database.Command(connection, "DELETE FROM user_settings WHERE user_id = @user;", null, ("user", ToDb(userId)));
        return await usage.ExecuteNonQueryAsync(cancellationToken) + await settings.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A guild's or a user's settings document, or <see langword="null"/>.</summary>
    public static async Task<string?> GetSettingsAsync(DbConnection connection, SettingsScope scope, ulong id, CancellationToken cancellationToken)
    {
        using DbCommand select = Database.Command(connection, $"SELECT value FROM {Table(scope)} WHERE {Key(scope)} = @id;", null, ("id", ToDb(id)));
        return await select.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Replaces a guild's or a user's settings document.</summary>
    public static async Task<int> SetSettingsAsync(DbConnection connection, SettingsScope scope, ulong id, string json, long now, CancellationToken cancellationToken)
    {
        using DbCommand upsert = Database.Command(connection, $"""
            INSERT INTO {Table(scope)} ({Key(scope)}, value, updated_at) VALUES (@id, @value, @now)
            ON CONFLICT ({Key(scope)}) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
            """, null, ("id", ToDb(id)), ("value", json), ("now", now));
        return await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every guild's settings document (the host keeps them in memory: they are few and read on every message).</summary>
    public static async Task<List<(ulong GuildId, string Json)>> AllGuildSettingsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        using DbCommand select = Database.Command(connection, "SELECT guild_id, value FROM guild_settings;", null);
        var all = new List<(ulong, string)>();
        await using DbDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            all.Add((FromDb(reader.GetInt64(0)), reader.GetString(1)));
        }

        return all;
    }

    private static async Task<long> SumAsync(DbConnection connection, string sql, long day, ulong id, CancellationToken cancellationToken)
    {
        using DbCommand select = Database.Command(connection, sql, null, ("day", day), ("id", ToDb(id)));
        return Convert.ToInt64(await select.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Table(SettingsScope scope) => scope == SettingsScope.Guild ? "guild_settings" : "user_settings";

    private static string Key(SettingsScope scope) => scope == SettingsScope.Guild ? "guild_id" : "user_id";
}
