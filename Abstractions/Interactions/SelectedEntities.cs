using System.Globalization;

namespace AndyAI.Abstractions.Interactions;

/// <summary>The default of <see cref="IInteractionContext.SelectedUsers"/> and its siblings: picked ids looked up in the interaction's resolved data.</summary>
internal static class SelectedEntities
{
    public static IReadOnlyList<T> Resolve<T>(IReadOnlyList<string> values, Func<ulong, T?> lookup)
        where T : class
    {
        if (values.Count == 0) return [];
        var found = new List<T>(values.Count);
        foreach (string value in values)
        {
            // A string select's values are not ids; a mentionable's ids are users or roles: keep what resolves.
            if (ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong id) && lookup(id) is { } entity) found.Add(entity);
        }

        return found;
    }
}
