using System.Globalization;
using System.Text.Json;

namespace AndyAI.Emulator.Interactions;

/// <summary>
/// Discord's checks of a message's <c>components</c> (https://discord.com/developers/docs/components/reference),
/// reported as 50035 form errors at the offending path: top-level action rows holding up to five buttons or one
/// select menu, <c>custom_id</c> 1–100 characters and unique within the message (disabled components too:
/// discord/discord-api-docs#3673), button labels up to 80 characters, link buttons with a URL and no
/// <c>custom_id</c>, select menus with 1–25 options whose label and value are 1–100 characters, <c>min_values</c>
/// 0–25 and <c>max_values</c> 1–25 (min at most max), <c>channel_types</c> of known types on channel selects only, and
/// <c>default_values</c> on user, role, mentionable and channel selects only, each a snowflake <c>id</c> and a
/// <c>type</c> the menu offers, <c>min_values</c> to <c>max_values</c> of them.
/// </summary>
internal static class MessageComponentValidator
{
    public const int MaxRows = 5;
    private const int MaxButtonsPerRow = 5;
    private const int MaxCustomIdLength = 100;
    private const int MaxButtonLabelLength = 80;
    private const int MaxOptions = 25;
    private const int MaxOptionTextLength = 100;
    private const int MaxPlaceholderLength = 150;
    private const int LinkStyle = 5;
    private const int MaxTextInputLabelLength = 45;
    private const int MaxTextInputPlaceholderLength = 100;
    private const int MaxTextInputLength = 4000;

    /// <summary>The message flag of layout components (sections, containers…), whose rules differ; only ids are checked then.</summary>
    public const int IsComponentsV2 = 1 << 15;

    /// <summary>Checks <paramref name="components"/>; <paramref name="prefix"/> is the path of the message body (e.g. <c>data</c>).</summary>
    public static void Validate(IReadOnlyList<JsonElement>? components, int? flags, FormErrors errors, params string[] prefix)
    {
        if (components is null) return;
        string[] path = [.. prefix, "components"];
        if (((flags ?? 0) & IsComponentsV2) != 0)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (string id in ComponentJson.CustomIds(components))
            {
                if (id.Length is 0 or > MaxCustomIdLength) errors.Add("BASE_TYPE_BAD_LENGTH", $"Must be between 1 and {MaxCustomIdLength} in length.", path);
                else if (!ids.Add(id)) errors.Add("COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id was already specified", path);
            }

            return;
        }

        if (components.Count > MaxRows)
        {
            errors.Add("BASE_TYPE_MAX_LENGTH", $"Must be {MaxRows} or fewer in length.", path);
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int r = 0; r < components.Count; r++)
        {
            JsonElement row = components[r];
            string[] rowAt = [.. path, Index(r)];
            if (row.ValueKind != JsonValueKind.Object || ComponentJson.Type(row) != ComponentJson.ActionRow)
            {
                errors.Add("UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,).", [.. rowAt, "type"]);
                continue;
            }

            JsonElement[] children = row.TryGetProperty("components", out JsonElement c) && c.ValueKind == JsonValueKind.Array ? [.. c.EnumerateArray()] : [];
            string[] childrenAt = [.. rowAt, "components"];
            if (children.Length is 0 or > MaxButtonsPerRow)
            {
                errors.Add("BASE_TYPE_BAD_LENGTH", $"Must be between 1 and {MaxButtonsPerRow} in length.", childrenAt);
                continue;
            }

            bool anySelect = children.Any(IsSelect);
            if (anySelect && children.Length > 1)
            {
                errors.Add("COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width", childrenAt);
            }

            for (int i = 0; i < children.Length; i++)
            {
                ValidateChild(children[i], seen, errors, [.. childrenAt, Index(i)]);
            }
        }
    }

    private static void ValidateChild(JsonElement child, HashSet<string> seen, FormErrors errors, string[] at)
    {
        int type = ComponentJson.Type(child);
        if (type != ComponentJson.Button && !IsSelect(child))
        {
            // Text inputs belong in modals; rows cannot nest.
            errors.Add("UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (2, 3, 5, 6, 7, 8).", [.. at, "type"]);
            return;
        }

        string? customId = ComponentJson.CustomId(child);
        bool isLink = type == ComponentJson.Button && ComponentJson.Int(child, "style") == LinkStyle;
        if (isLink)
        {
            if (!child.TryGetProperty("url", out JsonElement url) || url.ValueKind != JsonValueKind.String || url.GetString()!.Length == 0)
            {
                errors.Add("BUTTON_COMPONENT_URL_REQUIRED", "A url is required", [.. at, "url"]);
            }

            if (customId is not null)
            {
                errors.Add("BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED", "A custom id cannot be specified", [.. at, "custom_id"]);
            }
        }
        else if (customId is null)
        {
            errors.Add("BASE_TYPE_REQUIRED", "This field is required", [.. at, "custom_id"]);
        }
        else if (customId.Length is 0 or > MaxCustomIdLength)
        {
            errors.Add("BASE_TYPE_BAD_LENGTH", $"Must be between 1 and {MaxCustomIdLength} in length.", [.. at, "custom_id"]);
        }
        else if (!seen.Add(customId))
        {
            errors.Add("COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id was already specified", [.. at, "custom_id"]);
        }

        if (type == ComponentJson.Button)
        {
            if (Text(child, "label") is { Length: > MaxButtonLabelLength })
            {
                errors.Add("BASE_TYPE_MAX_LENGTH", $"Must be {MaxButtonLabelLength} or fewer in length.", [.. at, "label"]);
            }

            return;
        }

        if (Text(child, "placeholder") is { Length: > MaxPlaceholderLength })
        {
            errors.Add("BASE_TYPE_MAX_LENGTH", $"Must be {MaxPlaceholderLength} or fewer in length.", [.. at, "placeholder"]);
        }

        ValidatePicks(child, errors, at);
        if (type != ComponentJson.StringSelect) return;
        JsonElement[] options = child.TryGetProperty("options", out JsonElement o) && o.ValueKind == JsonValueKind.Array ? [.. o.EnumerateArray()] : [];
        if (options.Length is 0 or > MaxOptions)
        {
            errors.Add("BASE_TYPE_BAD_LENGTH", $"Must be between 1 and {MaxOptions} in length.", [.. at, "options"]);
            return;
        }

        for (int i = 0; i < options.Length; i++)
        {
            foreach (string field in (ReadOnlySpan<string>)["label", "value"])
            {
                if (Text(options[i], field) is not { Length: >= 1 and <= MaxOptionTextLength })
                {
                    errors.Add("BASE_TYPE_BAD_LENGTH", $"Must be between 1 and {MaxOptionTextLength} in length.", [.. at, "options", Index(i), field]);
                }
            }

            if (Text(options[i], "description") is { Length: > MaxOptionTextLength })
            {
                errors.Add("BASE_TYPE_MAX_LENGTH", $"Must be {MaxOptionTextLength} or fewer in length.", [.. at, "options", Index(i), "description"]);
            }
        }
    }

    /// <summary>
    /// A modal's text inputs: <c>custom_id</c> 1–100 characters and unique, label up to 45, placeholder up to 100,
    /// value up to 4000, <c>min_length</c> 0–4000, <c>max_length</c> 1–4000, style 1 or 2.
    /// </summary>
    public static void ValidateTextInputs(IReadOnlyList<JsonElement>? components, FormErrors errors)
    {
        if (components is null) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int r = 0; r < components.Count; r++)
        {
            // A row (type 1, "components") or a label (type 18, "component") holds the input.
            JsonElement row = components[r];
            JsonElement[] children = row.ValueKind != JsonValueKind.Object ? []
                : row.TryGetProperty("components", out JsonElement c) && c.ValueKind == JsonValueKind.Array ? [.. c.EnumerateArray()]
                : row.TryGetProperty("component", out JsonElement one) && one.ValueKind == JsonValueKind.Object ? [one]
                : [];
            string container = row.ValueKind == JsonValueKind.Object && row.TryGetProperty("component", out _) ? "component" : "components";
            for (int i = 0; i < children.Length; i++)
            {
                JsonElement input = children[i];
                if (ComponentJson.Type(input) != ComponentJson.TextInput) continue;
                string[] at = container == "component" ? ["data", "components", Index(r), "component"] : ["data", "components", Index(r), "components", Index(i)];
                string? customId = ComponentJson.CustomId(input);
                if (customId is not { Length: >= 1 and <= MaxCustomIdLength })
                {
                    errors.Add("BASE_TYPE_BAD_LENGTH", $"Must be between 1 and {MaxCustomIdLength} in length.", [.. at, "custom_id"]);
                }
                else if (!seen.Add(customId))
                {
                    errors.Add("COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id was already specified", [.. at, "custom_id"]);
                }

                if (ComponentJson.Int(input, "style") is not (1 or 2)) errors.Add("BASE_TYPE_CHOICES", "Value must be one of {1, 2}.", [.. at, "style"]);
                if (Text(input, "label") is { Length: > MaxTextInputLabelLength }) errors.Add("BASE_TYPE_MAX_LENGTH", $"Must be {MaxTextInputLabelLength} or fewer in length.", [.. at, "label"]);
                if (Text(input, "placeholder") is { Length: > MaxTextInputPlaceholderLength }) errors.Add("BASE_TYPE_MAX_LENGTH", $"Must be {MaxTextInputPlaceholderLength} or fewer in length.", [.. at, "placeholder"]);
                if (Text(input, "value") is { Length: > MaxTextInputLength }) errors.Add("BASE_TYPE_MAX_LENGTH", $"Must be {MaxTextInputLength} or fewer in length.", [.. at, "value"]);
                if (ComponentJson.Int(input, "min_length") is < 0 or > MaxTextInputLength) errors.Add("NUMBER_TYPE_MAX", $"int value should be less than or equal to {MaxTextInputLength}.", [.. at, "min_length"]);
                if (ComponentJson.Int(input, "max_length") is < 1 or > MaxTextInputLength) errors.Add("NUMBER_TYPE_MAX", $"int value should be less than or equal to {MaxTextInputLength}.", [.. at, "max_length"]);
            }
        }
    }

    // min_values 0–25 and max_values 1–25, both defaulting to 1, min at most max; channel_types Discord's channel
    // types, on channel selects only (https://discord.com/developers/docs/components/reference#user-select).
    private static void ValidatePicks(JsonElement select, FormErrors errors, string[] at)
    {
        int? min = ComponentJson.Int(select, "min_values");
        int? max = ComponentJson.Int(select, "max_values");
        if (min is < 0) errors.Add("NUMBER_TYPE_MIN", "int value should be greater than or equal to 0.", [.. at, "min_values"]);
        else if (min is > MaxOptions) errors.Add("NUMBER_TYPE_MAX", $"int value should be less than or equal to {MaxOptions}.", [.. at, "min_values"]);
        if (max is < 1) errors.Add("NUMBER_TYPE_MIN", "int value should be greater than or equal to 1.", [.. at, "max_values"]);
        else if (max is > MaxOptions) errors.Add("NUMBER_TYPE_MAX", $"int value should be less than or equal to {MaxOptions}.", [.. at, "max_values"]);
        else if ((min ?? 1) > (max ?? 1) && min is <= MaxOptions)
        {
            // Discord refuses this with 50035 at min_values; its error code for it is not documented, this one is ours.
            errors.Add("SELECT_COMPONENT_MIN_VALUES_EXCEEDS_MAX", "min_values must be less than or equal to max_values.", [.. at, "min_values"]);
        }

        ValidateDefaultValues(select, min ?? 1, max ?? 1, errors, at);
        if (!select.TryGetProperty("channel_types", out JsonElement types) || types.ValueKind == JsonValueKind.Null) return;
        if (ComponentJson.Type(select) != ComponentJson.ChannelSelect || types.ValueKind != JsonValueKind.Array)
        {
            errors.Add("BASE_TYPE_INVALID", "channel_types is only allowed on channel selects, as an array.", [.. at, "channel_types"]);
            return;
        }

        int i = 0;
        foreach (JsonElement channelType in types.EnumerateArray())
        {
            if (channelType.ValueKind != JsonValueKind.Number || !channelType.TryGetInt32(out int value) || Array.IndexOf(ChannelTypes, value) < 0)
            {
                errors.Add("BASE_TYPE_CHOICES", $"Value must be one of {{{string.Join(", ", ChannelTypes)}}}.", [.. at, "channel_types", Index(i)]);
            }

            i++;
        }
    }

    private static readonly int[] ChannelTypes = [0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16];

    // default_values (https://discord.com/developers/docs/components/reference#user-select-select-default-value-structure):
    // each {id: snowflake, type: "user" | "role" | "channel"}, the type one the menu offers (Discord answers a
    // mismatch with 50035: discordjs/discord-api-types#824), and "the number of default values must be in the range
    // defined by min_values and max_values". An empty list is taken as no defaults (our reading; the docs are silent).
    // Discord documents no check of the ids against the guild or of a channel against channel_types, nor of an entry
    // given twice (unlike a string select's option values); none is made (our builders send each entry once).
    private static void ValidateDefaultValues(JsonElement select, int min, int max, FormErrors errors, string[] at)
    {
        if (!select.TryGetProperty("default_values", out JsonElement values) || values.ValueKind == JsonValueKind.Null) return;
        string[] valuesAt = [.. at, "default_values"];
        string[] allowed = ComponentJson.Type(select) switch
        {
            ComponentJson.UserSelect => ["user"],
            ComponentJson.RoleSelect => ["role"],
            ComponentJson.MentionableSelect => ["user", "role"],
            ComponentJson.ChannelSelect => ["channel"],
            _ => [],
        };
        if (allowed.Length == 0 || values.ValueKind != JsonValueKind.Array)
        {
            errors.Add("BASE_TYPE_INVALID", "default_values is only allowed on user, role, mentionable and channel selects, as an array.", valuesAt);
            return;
        }

        int count = values.GetArrayLength();
        if (count > 0 && (count < min || count > max))
        {
            errors.Add("BASE_TYPE_BAD_LENGTH", $"Must be between {min} and {max} in length.", valuesAt);
        }

        int i = 0;
        foreach (JsonElement value in values.EnumerateArray())
        {
            string[] valueAt = [.. valuesAt, Index(i++)];
            if (value.ValueKind != JsonValueKind.Object)
            {
                errors.Add("MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType", valueAt);
                continue;
            }

            if (!value.TryGetProperty("id", out JsonElement id) || id.ValueKind == JsonValueKind.Null)
            {
                errors.Add("BASE_TYPE_REQUIRED", "This field is required", [.. valueAt, "id"]);
            }
            else if (!IsSnowflake(id))
            {
                errors.Add("NUMBER_TYPE_COERCE", $"Value \"{(id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText())}\" is not snowflake.", [.. valueAt, "id"]);
            }

            if (!value.TryGetProperty("type", out JsonElement type) || type.ValueKind == JsonValueKind.Null)
            {
                errors.Add("BASE_TYPE_REQUIRED", "This field is required", [.. valueAt, "type"]);
            }
            else if (type.ValueKind != JsonValueKind.String || Array.IndexOf(allowed, type.GetString()) < 0)
            {
                errors.Add("BASE_TYPE_CHOICES", $"Value must be one of {{{string.Join(", ", allowed.Select(a => "'" + a + "'"))}}}.", [.. valueAt, "type"]);
            }
        }
    }

    private static bool IsSnowflake(JsonElement id) => id.ValueKind switch
    {
        JsonValueKind.Number => id.TryGetUInt64(out ulong n) && n > 0,
        JsonValueKind.String => ulong.TryParse(id.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong n) && n > 0,
        _ => false,
    };

    private static bool IsSelect(JsonElement component) =>
        ComponentJson.Type(component) is ComponentJson.StringSelect or ComponentJson.UserSelect or ComponentJson.RoleSelect
            or ComponentJson.MentionableSelect or ComponentJson.ChannelSelect;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}
