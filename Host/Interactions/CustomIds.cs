namespace AndyAI.Host.Interactions;

/// <summary>
/// Custom ids on the wire are <c>&lt;owner&gt;:&lt;id&gt;</c>: the owner (a cog's name, which never holds a colon)
/// picks the handler table, so two cogs may use the same ids and a button outlives the instance that posted it.
/// </summary>
internal static class CustomIds
{
    /// <summary>Discord's limit on a custom id.</summary>
    public const int MaxLength = 100;

    /// <exception cref="ArgumentException">The namespaced id is longer than Discord accepts.</exception>
    public static string Namespace(string owner, string id)
    {
        string full = owner + ":" + id;
        if (full.Length > MaxLength)
        {
            throw new ArgumentException($"The custom id '{id}' is too long: with the '{owner}:' namespace it must fit in {MaxLength} characters.", nameof(id));
        }

        return full;
    }

    /// <summary>Splits a wire id into owner and the owner's own id; false for ids without a namespace.</summary>
    public static bool TrySplit(string? wire, out string owner, out string id)
    {
        int colon = wire?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0)
        {
            owner = "";
            id = "";
            return false;
        }

        owner = wire![..colon];
        id = wire[(colon + 1)..];
        return true;
    }
}
