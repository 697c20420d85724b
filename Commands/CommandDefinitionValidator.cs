using System.Buffers;
using AndyAI.Abstractions.Commands;

namespace AndyAI.Commands;

/// <summary>Rejects definitions whose metadata would make parsing or help ambiguous.</summary>
internal static class CommandDefinitionValidator
{
    public const int MaxNameLength = 32;

    private static readonly SearchValues<char> NameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_-");
    private static readonly SearchValues<char> ParameterNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    /// <exception cref="ArgumentException">The definition is invalid; the message says what and where.</exception>
    public static void Validate(CommandDefinition command)
    {
        ArgumentNullException.ThrowIfNull(command);
        CheckName(command.Name, "Command name", command.Name);
        if (command.Handler is null)
        {
            throw new ArgumentException($"Command '{command.Name}' has no handler.", nameof(command));
        }

        if (command.Description is null)
        {
            throw new ArgumentException($"Command '{command.Name}' has no description.", nameof(command));
        }

        if (command.Cooldown is { } cooldown && cooldown <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Command '{command.Name}' has a cooldown of {cooldown}; it must be positive (or null for none).", nameof(command));
        }

        IReadOnlyList<string> aliases = command.Aliases ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal) { command.Name };
        foreach (string alias in aliases)
        {
            CheckName(alias, "Alias", command.Name);
            if (!names.Add(alias))
            {
                throw new ArgumentException($"Command '{command.Name}' lists '{alias}' twice among its name and aliases.", nameof(command));
            }
        }

        IReadOnlyList<CommandParameter> parameters = command.Parameters ?? [];
        var parameterNames = new HashSet<string>(StringComparer.Ordinal);
        bool sawOptional = false;
        for (int i = 0; i < parameters.Count; i++)
        {
            CommandParameter parameter = parameters[i] ?? throw new ArgumentException($"Command '{command.Name}' has a null parameter at position {i}.", nameof(command));
            string where = $"Parameter '{parameter.Name}' of command '{command.Name}'";
            if (string.IsNullOrEmpty(parameter.Name) || parameter.Name.Length > MaxNameLength || parameter.Name.AsSpan().ContainsAnyExcept(ParameterNameChars))
            {
                throw new ArgumentException($"{where}: a parameter name is 1 to {MaxNameLength} letters, digits, '_' or '-'.", nameof(command));
            }

            if (!Enum.IsDefined(parameter.Type))
            {
                throw new ArgumentException($"{where} has an unknown type {(int)parameter.Type}.", nameof(command));
            }

            if (!parameterNames.Add(parameter.Name))
            {
                throw new ArgumentException($"Command '{command.Name}' has two parameters named '{parameter.Name}'.", nameof(command));
            }

            if (parameter.IsOptional)
            {
                sawOptional = true;
                CheckDefault(parameter, where);
            }
            else if (sawOptional)
            {
                throw new ArgumentException($"{where} is required but follows an optional parameter; required parameters come first.", nameof(command));
            }
            else if (parameter.DefaultValue is not null)
            {
                throw new ArgumentException($"{where} has a default value but is not optional; set IsOptional = true.", nameof(command));
            }

            if (parameter.Type == CommandParameterType.Remainder && i != parameters.Count - 1)
            {
                throw new ArgumentException($"{where} takes the rest of the line, so it must be the last parameter.", nameof(command));
            }
        }
    }

    /// <summary>The CLR type <see cref="ICommandContext.Get{T}"/> returns for a parameter type.</summary>
    public static Type ClrType(CommandParameterType type) => type switch
    {
        CommandParameterType.Integer => typeof(long),
        CommandParameterType.Number => typeof(double),
        CommandParameterType.Boolean => typeof(bool),
        CommandParameterType.User or CommandParameterType.Channel => typeof(ulong),
        _ => typeof(string),
    };

    private static void CheckDefault(CommandParameter parameter, string where)
    {
        if (parameter.DefaultValue is null)
        {
            return;
        }

        Type expected = ClrType(parameter.Type);
        if (parameter.DefaultValue.GetType() != expected)
        {
            throw new ArgumentException(
                $"{where}: its default value is {Article(parameter.DefaultValue.GetType().Name)}, but {Article(parameter.Type.ToString())} argument is {Article(expected.Name)}"
                + (expected == typeof(long) ? " (write 5L, not 5)." : "."),
                nameof(parameter));
        }
    }

    private static void CheckName(string? name, string what, string? command)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.AsSpan().ContainsAnyExcept(NameChars))
        {
            throw new ArgumentException(
                $"{what} '{name}'{(what == "Alias" ? $" of command '{command}'" : "")} is invalid: use 1 to {MaxNameLength} lower-case letters, digits, '_' or '-'.",
                nameof(name));
        }
    }

    /// <summary>"an Int32", "a Boolean".</summary>
    private static string Article(string word) => ("AEIOU".Contains(char.ToUpperInvariant(word[0]), StringComparison.Ordinal) ? "an " : "a ") + word;
}
