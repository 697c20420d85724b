using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AndyAI.Emulator.Payloads;

namespace AndyAI.Emulator.Interactions;

/// <summary>
/// Discord's checks of a command definition (https://discord.com/developers/docs/interactions/application-commands),
/// reported as 50035 form errors at the offending path.
/// </summary>
internal static partial class ApplicationCommandValidator
{
    public const int ChatInput = 1;
    public const int MaxOptions = 25;
    public const int MaxChoices = 25;
    public const int MaxChatInputCommands = 100;
    private const int SubCommand = 1;
    private const int SubCommandGroup = 2;
    private const int MaxTotalLength = 8000;

    // Discord's documented pattern; \p{IsDevanagari} and \p{IsThai} are .NET's names for the Deva and Thai blocks.
    [GeneratedRegex(@"^[-_\p{L}\p{N}\p{IsDevanagari}\p{IsThai}]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChatInputName();

    /// <summary>Checks one command; <paramref name="prefix"/> is its index in a bulk overwrite.</summary>
    public static void Validate(JsonApplicationCommand command, FormErrors errors, params string[] prefix)
    {
        int type = command.Type ?? ChatInput;
        if (type is < 1 or > 4)
        {
            errors.Add("BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.", [.. prefix, "type"]);
            return;
        }

        bool chatInput = type == ChatInput;
        ValidateName(command.Name, chatInput, errors, [.. prefix, "name"]);
        if (chatInput)
        {
            ValidateDescription(command.Description, errors, [.. prefix, "description"]);
            ValidateOptions(command.Options, parentType: 0, errors, [.. prefix, "options"]);
        }
        else
        {
            if (!string.IsNullOrEmpty(command.Description))
            {
                errors.Add("BASE_TYPE_MAX_LENGTH", "Must be 0 or fewer in length.", [.. prefix, "description"]);
            }

            if (command.Options is { Length: > 0 })
            {
                errors.Add("APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED", "Only chat input commands can have options.", [.. prefix, "options"]);
            }
        }

        if (command.DefaultMemberPermissions is { } permissions && !ulong.TryParse(permissions, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            errors.Add("NUMBER_TYPE_COERCE", $"Value \"{permissions}\" is not int.", [.. prefix, "default_member_permissions"]);
        }

        if (command.Contexts?.Where(c => c is < 0 or > 2).Select(c => (int?)c).FirstOrDefault() is int badContext)
        {
            errors.Add("ENUM_TYPE_COERCE", $"Value \"{badContext}\" is not a valid enum value.", [.. prefix, "contexts"]);
        }

        if (command.IntegrationTypes?.Where(c => c is < 0 or > 1).Select(c => (int?)c).FirstOrDefault() is int badIntegration)
        {
            errors.Add("ENUM_TYPE_COERCE", $"Value \"{badIntegration}\" is not a valid enum value.", [.. prefix, "integration_types"]);
        }

        if (TotalLength(command) > MaxTotalLength)
        {
            errors.Add("APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (8000)", [.. prefix]);
        }
    }

    private static void ValidateName(string? name, bool chatInput, FormErrors errors, string[] path)
    {
        if (name is null)
        {
            errors.Add("BASE_TYPE_REQUIRED", "This field is required", path);
        }
        else if (name.Length is 0 or > 32)
        {
            errors.Add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.", path);
        }
        else if (chatInput && (!ChatInputName().IsMatch(name) || !string.Equals(name, name.ToLowerInvariant(), StringComparison.Ordinal)))
        {
            errors.Add("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid", path);
        }
    }

    private static void ValidateDescription(string? description, FormErrors errors, string[] path)
    {
        if (description is null)
        {
            errors.Add("BASE_TYPE_REQUIRED", "This field is required", path);
        }
        else if (description.Length is 0 or > 100)
        {
            errors.Add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", path);
        }
    }

    /// <param name="parentType">0 for the command's own options, else the type of the subcommand or group holding them.</param>
    private static void ValidateOptions(JsonCommandOption[]? options, int parentType, FormErrors errors, string[] path)
    {
        if (options is null) return;
        if (options.Length > MaxOptions)
        {
            errors.Add("BASE_TYPE_MAX_LENGTH", $"Must be {MaxOptions} or fewer in length.", path);
            return;
        }

        bool anyNested = options.Any(o => o.Type is SubCommand or SubCommandGroup);
        bool anyValue = options.Any(o => o.Type is not (SubCommand or SubCommandGroup));
        if (anyNested && anyValue)
        {
            errors.Add("APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command and sub-command group option types are mutually exclusive to all other types", path);
        }

        bool seenOptional = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Length; i++)
        {
            JsonCommandOption option = options[i];
            string[] at = [.. path, i.ToString(CultureInfo.InvariantCulture)];
            int type = option.Type ?? 0;
            if (type is < 1 or > 11)
            {
                errors.Add(option.Type is null ? "BASE_TYPE_REQUIRED" : "BASE_TYPE_CHOICES",
                    option.Type is null ? "This field is required" : "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.", [.. at, "type"]);
                continue;
            }

            ValidateName(option.Name, chatInput: true, errors, [.. at, "name"]);
            ValidateDescription(option.Description, errors, [.. at, "description"]);
            if (option.Name is { } name && !names.Add(name))
            {
                errors.Add("APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME", "Command option names must be unique", [.. at, "name"]);
            }

            // Nesting: command → group → subcommand → values. A group only directly in the command, a subcommand in
            // the command or a group, values in the command or a subcommand.
            bool misplaced = type switch
            {
                SubCommandGroup => parentType != 0,
                SubCommand => parentType == SubCommand,
                _ => parentType == SubCommandGroup,
            };
            if (misplaced)
            {
                errors.Add("APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command and sub-command group options cannot be nested this way", [.. at, "type"]);
                continue;
            }

            if (type is SubCommand or SubCommandGroup)
            {
                if (option.Required == true)
                {
                    errors.Add("APPLICATION_COMMAND_OPTION_REQUIRED_INVALID", "Sub-commands and sub-command groups cannot be required", [.. at, "required"]);
                }

                ValidateOptions(option.Options, type, errors, [.. at, "options"]);
                continue;
            }

            if (option.Required == true && seenOptional)
            {
                errors.Add("APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options", path);
            }

            seenOptional |= option.Required != true;
            ValidateChoices(option, type, errors, at);
            if (option.MinLength is int minLength && minLength is < 0 or > 6000)
            {
                errors.Add("NUMBER_TYPE_MAX", "int value should be less than or equal to 6000.", [.. at, "min_length"]);
            }

            if (option.MaxLength is int maxLength && maxLength is < 1 or > 6000)
            {
                errors.Add("NUMBER_TYPE_MAX", "int value should be less than or equal to 6000.", [.. at, "max_length"]);
            }

            if (option.Options is { Length: > 0 })
            {
                errors.Add("APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Only sub-commands and groups can have options", [.. at, "options"]);
            }
        }
    }

    private static void ValidateChoices(JsonCommandOption option, int type, FormErrors errors, string[] at)
    {
        if (option.Choices is not { } choices) return;
        if (type is not (3 or 4 or 10))
        {
            errors.Add("APPLICATION_COMMAND_OPTION_CHOICES_INVALID", "Only string, integer and number options can have choices", [.. at, "choices"]);
            return;
        }

        if (choices.Length > MaxChoices)
        {
            errors.Add("BASE_TYPE_MAX_LENGTH", $"Must be {MaxChoices} or fewer in length.", [.. at, "choices"]);
            return;
        }

        if (option.Autocomplete == true && choices.Length > 0)
        {
            errors.Add("APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES", "Autocomplete cannot be set on options with choices", [.. at, "autocomplete"]);
        }

        for (int c = 0; c < choices.Length; c++)
        {
            string[] choiceAt = [.. at, "choices", c.ToString(CultureInfo.InvariantCulture)];
            if (choices[c].Name is not { Length: >= 1 and <= 100 })
            {
                errors.Add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", [.. choiceAt, "name"]);
            }

            JsonElement value = choices[c].Value;
            bool fits = type switch
            {
                3 => value.ValueKind == JsonValueKind.String && value.GetString()!.Length <= 100,
                4 => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
                _ => value.ValueKind == JsonValueKind.Number,
            };
            if (!fits)
            {
                errors.Add("APPLICATION_COMMAND_OPTION_CHOICE_VALUE_INVALID", "Choice value does not match the option type", [.. choiceAt, "value"]);
            }
        }
    }

    private static int TotalLength(JsonApplicationCommand command)
    {
        static int Sum(JsonCommandOption[]? options) => options?.Sum(o =>
            (o.Name?.Length ?? 0) + (o.Description?.Length ?? 0)
            + (o.Choices?.Sum(c => (c.Name?.Length ?? 0) + (c.Value.ValueKind == JsonValueKind.String ? c.Value.GetString()!.Length : 0)) ?? 0)
            + Sum(o.Options)) ?? 0;
        return (command.Name?.Length ?? 0) + (command.Description?.Length ?? 0) + Sum(command.Options);
    }
}
