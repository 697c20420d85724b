namespace AndyAI.Emulator;

internal static class CollectionExtensions
{
    public static bool IsEmpty<T>(this IReadOnlyCollection<T> c) => c.Count == 0;
}
