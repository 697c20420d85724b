namespace AndyAI.Abstractions.Interactions;

/// <summary>Reads a slash command option value as the type a handler asks for, the same way for commands and autocomplete.</summary>
internal static class OptionValue
{
    public static T? As<T>(IReadOnlyDictionary<string, object> options, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return options.TryGetValue(name, out object? value) ? As<T>(value, name) : default;
    }

    public static T? As<T>(object? value, string name) => value switch
    {
        null => default,
        T typed => typed,
        long whole when typeof(T) == typeof(double) || typeof(T) == typeof(double?) => (T)(object)(double)whole,
        _ => throw new InvalidCastException($"Option '{name}' holds a {value.GetType().Name}, not a {typeof(T).Name}."),
    };
}
