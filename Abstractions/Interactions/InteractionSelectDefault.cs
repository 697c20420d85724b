namespace AndyAI.Abstractions.Interactions;

/// <summary>
/// A user, role or channel shown already picked when a user, role, mentionable or channel select appears (Discord's
/// <c>default_values</c>); give them with <see cref="InteractionComponent.WithDefaultValues"/>. Added in contract 1.7.
/// </summary>
public sealed record InteractionSelectDefault
{
    /// <summary>A default value.</summary>
    /// <param name="id">The user's, role's or channel's id.</param>
    /// <param name="kind">What <paramref name="id"/> names.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is 0 (no Discord entity has it), or <paramref name="kind"/> is not a defined kind.</exception>
    public InteractionSelectDefault(ulong id, InteractionSelectDefaultKind kind)
    {
        ArgumentOutOfRangeException.ThrowIfZero(id);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A default value is a user, a role or a channel.");
        }

        Id = id;
        Kind = kind;
    }

    /// <summary>The user's, role's or channel's id.</summary>
    public ulong Id { get; }

    /// <summary>What <see cref="Id"/> names.</summary>
    public InteractionSelectDefaultKind Kind { get; }

    /// <summary>A user picked by default (user and mentionable selects).</summary>
    public static InteractionSelectDefault User(ulong id) => new(id, InteractionSelectDefaultKind.User);

    /// <summary>A role picked by default (role and mentionable selects).</summary>
    public static InteractionSelectDefault Role(ulong id) => new(id, InteractionSelectDefaultKind.Role);

    /// <summary>A channel picked by default (channel selects).</summary>
    public static InteractionSelectDefault Channel(ulong id) => new(id, InteractionSelectDefaultKind.Channel);
}
