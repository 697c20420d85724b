using System.Buffers;
using AndyAI.Abstractions.Interactions;

namespace AndyAI.Host.Interactions;

/// <summary>
/// Discord's rules for a slash command, checked when a cog declares it: an <see cref="ArgumentException"/> then fails
/// the cog's start with the reason, instead of a 50035 from Discord that would refuse the whole command set.
/// </summary>
internal static class SlashCommandValidator
{
    public const int MaxOptions = 25;
    public const int MaxChoices = 25;

    /// <summary>Discord's limit on the names, descriptions and choice values of one command, all together.</summary>
    public const int MaxTotalCharacters = 8000;

    private static readonly SearchValues<char> NameCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <exception cref="ArgumentException">What is wrong, naming the command and the field.</exception>
    public static void Validate(SlashCommandDefinition command)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(command.Handler);
        string where = $"/{command.Name}";
        CheckName(command.Name, "command");
        CheckDescription(command.Description, where);
        if (command.Contexts == SlashCommandContexts.None)
        {
            throw new ArgumentException($"{where}: Contexts must allow servers, DMs or both.", nameof(command));
        }

        ArgumentNullException.ThrowIfNull(command.SubcommandGroups);
        if (command.Subcommands.Count > 0 || command.SubcommandGroups.Count > 0)
        {
            if (command.Options.Count > 0)
            {
                throw new ArgumentException($"{where}: a command has either options or subcommands, not both.", nameof(command));
            }

            if (command.Subcommands.Count + command.SubcommandGroups.Count > MaxOptions)
            {
                throw new ArgumentException($"{where}: at most {MaxOptions} subcommands and groups.", nameof(command));
            }

            CheckUnique(command.Subcommands.Select(s => s.Name).Concat(command.SubcommandGroups.Select(g => g.Name)), where);
            CheckSubcommands(command.Subcommands, where);
            foreach (SlashSubcommandGroup group in command.SubcommandGroups)
            {
                ArgumentNullException.ThrowIfNull(group);
                CheckName(group.Name, $"subcommand group of {where}");
                CheckDescription(group.Description, $"{where} {group.Name}");
                ArgumentNullException.ThrowIfNull(group.Subcommands);
                if (group.Subcommands.Count is 0 or > MaxOptions)
                {
                    throw new ArgumentException($"{where} {group.Name}: a group has 1 to {MaxOptions} subcommands.", nameof(command));
                }

                CheckUnique(group.Subcommands.Select(s => s.Name), $"{where} {group.Name}");
                CheckSubcommands(group.Subcommands, $"{where} {group.Name}");
            }
        }
        else
        {
            CheckOptions(command.Options, where);
        }

        int total = TotalCharacters(command);
        if (total > MaxTotalCharacters)
        {
            throw new ArgumentException($"{where}: names, descriptions and choices come to {total} characters; Discord allows {MaxTotalCharacters} per command.", nameof(command));
        }
    }

    private static int TotalCharacters(SlashCommandDefinition command)
    {
        static int Options(IReadOnlyList<SlashCommandOption> options) =>
            options.Sum(o => o.Name.Length + o.Description.Length + o.Choices.Sum(c => c.Name.Length + (Convert.ToString(c.Value, System.Globalization.CultureInfo.InvariantCulture)?.Length ?? 0)));
        static int Subcommands(IReadOnlyList<SlashSubcommand> subcommands) => subcommands.Sum(s => s.Name.Length + s.Description.Length + Options(s.Options));
        return command.Name.Length + command.Description.Length + Options(command.Options) + Subcommands(command.Subcommands)
            + command.SubcommandGroups.Sum(g => g.Name.Length + g.Description.Length + Subcommands(g.Subcommands));
    }

    private static void CheckSubcommands(IReadOnlyList<SlashSubcommand> subcommands, string where)
    {
        foreach (SlashSubcommand sub in subcommands)
        {
            ArgumentNullException.ThrowIfNull(sub);
            CheckName(sub.Name, $"subcommand of {where}");
            CheckDescription(sub.Description, $"{where} {sub.Name}");
            CheckOptions(sub.Options, $"{where} {sub.Name}");
        }
    }

    private static void CheckOptions(IReadOnlyList<SlashCommandOption> options, string where)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count > MaxOptions)
        {
            throw new ArgumentException($"{where}: at most {MaxOptions} options.", nameof(options));
        }

        CheckUnique(options.Select(o => o.Name), where);
        bool sawOptional = false;
        foreach (SlashCommandOption option in options)
        {
            ArgumentNullException.ThrowIfNull(option);
            string at = $"{where} option '{option.Name}'";
            CheckName(option.Name, $"option of {where}");
            CheckDescription(option.Description, at);
            if (option.Required && sawOptional)
            {
                throw new ArgumentException($"{at}: required options come before optional ones.", nameof(options));
            }

            sawOptional |= !option.Required;
            bool numeric = option.Type is SlashOptionType.Integer or SlashOptionType.Number;
            bool choosable = numeric || option.Type == SlashOptionType.String;
            if (option.Choices.Count > 0 && !choosable)
            {
                throw new ArgumentException($"{at}: only string, integer and number options have choices.", nameof(options));
            }

            if (option.Choices.Count > MaxChoices)
            {
                throw new ArgumentException($"{at}: at most {MaxChoices} choices.", nameof(options));
            }

            foreach (SlashChoice choice in option.Choices)
            {
                CheckChoice(choice, option.Type, at);
            }

            if (option.Autocomplete is not null && (!choosable || option.Choices.Count > 0))
            {
                throw new ArgumentException($"{at}: autocomplete needs a string, integer or number option without choices.", nameof(options));
            }

            if ((option.MinValue is not null || option.MaxValue is not null) && !numeric)
            {
                throw new ArgumentException($"{at}: MinValue/MaxValue apply to integer and number options only.", nameof(options));
            }

            if (option.MinValue > option.MaxValue)
            {
                throw new ArgumentException($"{at}: MinValue is larger than MaxValue.", nameof(options));
            }

            if ((option.MinLength is not null || option.MaxLength is not null) && option.Type != SlashOptionType.String)
            {
                throw new ArgumentException($"{at}: MinLength/MaxLength apply to string options only.", nameof(options));
            }

            if (option.MinLength is < 0 or > 6000 || option.MaxLength is < 1 or > 6000 || option.MinLength > option.MaxLength)
            {
                throw new ArgumentException($"{at}: lengths must satisfy 0 ≤ MinLength ≤ MaxLength ≤ 6000 and MaxLength ≥ 1.", nameof(options));
            }
        }
    }

    /// <summary>A choice (declared or suggested by autocomplete) fits its option's type.</summary>
    public static void CheckChoice(SlashChoice choice, SlashOptionType type, string where)
    {
        ArgumentNullException.ThrowIfNull(choice);
        if (string.IsNullOrWhiteSpace(choice.Name) || choice.Name.Length > 100)
        {
            throw new ArgumentException($"{where}: a choice's name is 1–100 characters.", nameof(choice));
        }

        bool fits = type switch
        {
            SlashOptionType.String => choice.Value is string { Length: >= 1 and <= 100 },
            SlashOptionType.Integer => choice.Value is long or int,
            SlashOptionType.Number => choice.Value is double or long or int,
            _ => false,
        };
        if (!fits)
        {
            throw new ArgumentException($"{where}: choice '{choice.Name}' has a {choice.Value?.GetType().Name ?? "null"} value; a {type} option needs {Expected(type)}.", nameof(choice));
        }
    }

    private static string Expected(SlashOptionType type) => type switch
    {
        SlashOptionType.String => "a string of 1–100 characters",
        SlashOptionType.Integer => "a long",
        _ => "a double",
    };

    private static void CheckName(string name, string what)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 32 || name.AsSpan().ContainsAnyExcept(NameCharacters))
        {
            throw new ArgumentException($"The {what} name '{name}' must be 1–32 of a-z 0-9 _ -.", nameof(name));
        }
    }

    private static void CheckDescription(string description, string where)
    {
        if (string.IsNullOrWhiteSpace(description) || description.Length > 100)
        {
            throw new ArgumentException($"{where}: the description must be 1–100 characters.", nameof(description));
        }
    }

    private static void CheckUnique(IEnumerable<string> names, string where)
    {
        string? twice = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (twice is not null)
        {
            throw new ArgumentException($"{where}: '{twice}' is declared twice.", nameof(names));
        }
    }
}
