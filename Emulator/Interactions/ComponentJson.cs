using System.Text.Json;

namespace AndyAI.Emulator.Interactions;

/// <summary>Reads message and modal components as sent (rows holding buttons, menus, inputs; labels holding one component).</summary>
internal static class ComponentJson
{
    public const int ActionRow = 1;
    public const int Button = 2;
    public const int StringSelect = 3;
    public const int TextInput = 4;
    public const int UserSelect = 5;
    public const int RoleSelect = 6;
    public const int MentionableSelect = 7;
    public const int ChannelSelect = 8;

    public static IReadOnlyList<string> CustomIds(IReadOnlyList<JsonElement> components)
    {
        var ids = new List<string>();
        foreach (JsonElement component in Walk(components))
        {
            if (CustomId(component) is { } id) ids.Add(id);
        }

        return ids;
    }

    /// <summary>The buttons that send an interaction, in order: (custom id, label, disabled).</summary>
    public static IReadOnlyList<(string CustomId, string Label, bool Disabled)> Buttons(IReadOnlyList<JsonElement> components)
    {
        var buttons = new List<(string, string, bool)>();
        foreach (JsonElement component in Walk(components))
        {
            if (Type(component) == Button && CustomId(component) is { } id)
            {
                string label = component.TryGetProperty("label", out JsonElement l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : id;
                buttons.Add((id, label, Flag(component, "disabled", fallback: false)));
            }
        }

        return buttons;
    }

    /// <summary>The select menus, in order.</summary>
    public static IReadOnlyList<EmulatorSelectMenu> SelectMenus(IReadOnlyList<JsonElement> components)
    {
        var menus = new List<EmulatorSelectMenu>();
        foreach (JsonElement component in Walk(components))
        {
            int type = Type(component);
            if (type is not (StringSelect or UserSelect or RoleSelect or MentionableSelect or ChannelSelect) || CustomId(component) is not { } id) continue;
            var options = new List<(string, string)>();
            if (component.TryGetProperty("options", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement option in list.EnumerateArray())
                {
                    if (option.ValueKind == JsonValueKind.Object && option.TryGetProperty("value", out JsonElement v) && v.ValueKind == JsonValueKind.String)
                    {
                        string label = option.TryGetProperty("label", out JsonElement l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : v.GetString()!;
                        options.Add((label, v.GetString()!));
                    }
                }
            }

            string? placeholder = component.TryGetProperty("placeholder", out JsonElement p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            menus.Add(new EmulatorSelectMenu(id, type, placeholder, Int(component, "min_values") ?? 1, Int(component, "max_values") ?? 1, options,
                Ints(component, "channel_types"), Flag(component, "disabled", fallback: false)) { DefaultValues = DefaultValues(component) });
        }

        return menus;
    }

    /// <summary>A select's <c>default_values</c> as (id, type), in order; what the validator let through.</summary>
    private static List<(ulong, string)> DefaultValues(JsonElement select)
    {
        var values = new List<(ulong, string)>();
        if (!select.TryGetProperty("default_values", out JsonElement list) || list.ValueKind != JsonValueKind.Array) return values;
        foreach (JsonElement value in list.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("type", out JsonElement t) || t.ValueKind != JsonValueKind.String
                || !value.TryGetProperty("id", out JsonElement id))
            {
                continue;
            }

            ulong? parsed = id.ValueKind switch
            {
                JsonValueKind.Number when id.TryGetUInt64(out ulong n) => n,
                JsonValueKind.String when ulong.TryParse(id.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong n) => n,
                _ => null,
            };
            if (parsed is ulong found) values.Add((found, t.GetString()!));
        }

        return values;
    }

    /// <summary>The interactive component with <paramref name="customId"/>, or null.</summary>
    public static JsonElement? Find(IReadOnlyList<JsonElement> components, string customId)
    {
        foreach (JsonElement component in Walk(components))
        {
            if (CustomId(component) == customId) return component;
        }

        return null;
    }

    public static int Type(JsonElement component) =>
        component.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out int type) ? type : 0;

    public static string? CustomId(JsonElement component) =>
        component.TryGetProperty("custom_id", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    public static bool Flag(JsonElement component, string name, bool fallback) =>
        component.TryGetProperty(name, out JsonElement value) ? value.ValueKind == JsonValueKind.True || (value.ValueKind != JsonValueKind.False && fallback) : fallback;

    /// <summary>The values a string select offers.</summary>
    public static IReadOnlyList<string> OptionValues(JsonElement select)
    {
        var values = new List<string>();
        if (select.TryGetProperty("options", out JsonElement options) && options.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement option in options.EnumerateArray())
            {
                if (option.TryGetProperty("value", out JsonElement v) && v.ValueKind == JsonValueKind.String) values.Add(v.GetString()!);
            }
        }

        return values;
    }

    public static int? Int(JsonElement component, string name) =>
        component.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) ? n : null;

    /// <summary>An array of whole numbers (e.g. <c>channel_types</c>), or an empty list when absent.</summary>
    public static IReadOnlyList<int> Ints(JsonElement component, string name) =>
        component.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out _)).Select(v => v.GetInt32())]
            : [];

    /// <summary>Every component, depth first (rows' <c>components</c> and labels' <c>component</c>).</summary>
    public static IEnumerable<JsonElement> Walk(IReadOnlyList<JsonElement> components)
    {
        foreach (JsonElement component in components)
        {
            if (component.ValueKind != JsonValueKind.Object) continue;
            yield return component;
            if (component.TryGetProperty("components", out JsonElement children) && children.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement child in Walk([.. children.EnumerateArray()])) yield return child;
            }

            if (component.TryGetProperty("component", out JsonElement single) && single.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonElement child in Walk([single])) yield return child;
            }
        }
    }
}
