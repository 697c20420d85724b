using System.Data.Common;

namespace AndyAI.Storage.CogValues;

/// <summary>The SQL of cogs' key → JSON values, the same on both engines.</summary>
internal static class CogValueStore
{
    public static async Task<string?> GetAsync(DbConnection connection, string cog, string key, long now, CancellationToken cancellationToken)
    {
        using DbCommand select = Database.Command(connection,
            "SELECT value FROM cog_values WHERE cog = @cog AND key = @key AND (expires_at IS NULL OR expires_at > @now);", null,
            ("cog", cog), ("key", key), ("now", now));
        return await select.ExecuteScalarAsync(cancellationToken) as string;
    }

    public static async Task<int> SetAsync(DbConnection connection, string cog, string key, string json, long? expiresAt, long now, CancellationToken cancellationToken)
    {
        using DbCommand upsert = Database.Command(connection, """
            INSERT INTO cog_values (cog, key, value, expires_at, updated_at) VALUES (@cog, @key, @value, @expires, @now)
            ON CONFLICT (cog, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at;
            """, null, ("cog", cog), ("key", key), ("value", json), ("expires", expiresAt), ("now", now));
        return await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<bool> DeleteAsync(DbConnection connection, string cog, string key, long now, CancellationToken cancellationToken)
    {
        using DbCommand delete = Database.Command(connection,
            "DELETE FROM cog_values WHERE cog = @cog AND key = @key AND (expires_at IS NULL OR expires_at > @now);", null,
            ("cog", cog), ("key", key), ("now", now));
        return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Keys starting with <paramref name="prefix"/>, ordinal order (compared as text on both engines, not with LIKE, whose case rules differ).</summary>
    public static async Task<List<string>> ListKeysAsync(DbConnection connection, string cog, string prefix, long now, CancellationToken cancellationToken)
    {
        using DbCommand select = Database.Command(connection,
            "SELECT key FROM cog_values WHERE cog = @cog AND substr(key, 1, @length) = @prefix AND (expires_at IS NULL OR expires_at > @now);", null,
            ("cog", cog), ("length", prefix.EnumerateRunes().Count()), ("prefix", prefix), ("now", now));
        var keys = new List<string>();
        await using DbDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string key = reader.GetString(0);
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                keys.Add(key);
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    public static async Task<int> DeleteExpiredAsync(DbConnection connection, long now, CancellationToken cancellationToken)
    {
        using DbCommand delete = Database.Command(connection, "DELETE FROM cog_values WHERE expires_at IS NOT NULL AND expires_at <= @now;", null, ("now", now));
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
