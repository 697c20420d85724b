namespace AndyAI.Host.Cogs;

/// <summary>
/// Where one surface's registrations go live: the host-wide table (the command catalog, the Discord client's
/// subscriber list, …) that a <see cref="StagedRegistrations{T}"/> publishes one cog instance's registrations to.
/// </summary>
/// <typeparam name="T">One registration (a command definition, a message subscription, …).</typeparam>
internal interface IRegistrationTarget<in T>
{
    /// <summary>
    /// Checks, without changing anything, that <see cref="Publish"/> would accept <paramref name="items"/>. The scope
    /// checks every surface before publishing any, so a refusal on one leaves all of them as they were.
    /// </summary>
    /// <exception cref="InvalidOperationException">A name is taken by another cog; the message names both.</exception>
    void EnsureCanPublish(IReadOnlyList<T> items);

    /// <summary>
    /// Makes <paramref name="items"/> live at activation, in one step: a target keyed by name replaces the previous
    /// instance's set with this one; a target whose deliveries the <see cref="CogSlot"/> gates may attach them one by
    /// one, since nothing reaches them before the slot switches.
    /// </summary>
    /// <exception cref="InvalidOperationException">A name is taken by another cog; nothing changed.</exception>
    void Publish(IReadOnlyList<T> items);

    /// <summary>Makes one item live beside those already published (a registration made after activation).</summary>
    void Add(T item);

    /// <summary>Takes back those of <paramref name="items"/> that are still live (a newer instance may have replaced them) and returns how many were.</summary>
    int Withdraw(IReadOnlyList<T> items);
}
