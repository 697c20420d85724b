namespace AndyAI.Emulator;

/// <summary>The <c>allowed_mentions</c> a client sent with a message (null lists = field absent).</summary>
public sealed class EmulatorAllowedMentions
{
    internal EmulatorAllowedMentions(IReadOnlyList<string>? parse, IReadOnlyList<ulong>? users, IReadOnlyList<ulong>? roles, bool? repliedUser)
    {
        Parse = parse;
        Users = users;
        Roles = roles;
        RepliedUser = repliedUser;
    }

    /// <summary><c>parse</c>: "users", "roles", "everyone"; empty means nothing is pinged; null means absent.</summary>
    public IReadOnlyList<string>? Parse { get; }
    /// <summary><c>users</c>, or null when absent.</summary>
    public IReadOnlyList<ulong>? Users { get; }
    /// <summary><c>roles</c>, or null when absent.</summary>
    public IReadOnlyList<ulong>? Roles { get; }
    /// <summary><c>replied_user</c>, or null when absent.</summary>
    public bool? RepliedUser { get; }
}
