using System.Globalization;
using AndyAI.Emulator.Payloads;
using AndyAI.Emulator.World;

namespace AndyAI.Emulator.Interactions;

/// <summary>
/// The application's commands: the global set and one set per guild. Stored definitions are never changed in place
/// (an update stores a new object), so a list handed out stays consistent while it is serialized.
/// </summary>
internal sealed class ApplicationCommandStore(Snowflakes ids, ulong applicationId)
{
    private readonly Lock _gate = new();
    // Key: guild id, or 0 for global commands.
    private readonly Dictionary<ulong, List<JsonApplicationCommand>> _sets = [];

    public enum Outcome
    {
        Created,
        Updated,
        Invalid,
        TooMany,
        Unknown,
    }

    public JsonApplicationCommand[] List(ulong? guildId)
    {
        lock (_gate) return _sets.TryGetValue(guildId ?? 0, out List<JsonApplicationCommand>? set) ? [.. set] : [];
    }

    public JsonApplicationCommand? Get(ulong? guildId, ulong commandId)
    {
        lock (_gate) return Find(guildId, commandId, out _);
    }

    /// <summary>The command a user invokes by name: the guild's own first, then the global one (as Discord's client shows them).</summary>
    public JsonApplicationCommand? FindByName(ulong? guildId, string name, int type)
    {
        lock (_gate)
        {
            if (guildId is ulong g && _sets.TryGetValue(g, out List<JsonApplicationCommand>? guildSet)
                && guildSet.Find(c => c.Name == name && (c.Type ?? 1) == type) is { } guildCommand)
            {
                return guildCommand;
            }

            return _sets.TryGetValue(0, out List<JsonApplicationCommand>? global) ? global.Find(c => c.Name == name && (c.Type ?? 1) == type) : null;
        }
    }

    /// <summary>POST: creates, or replaces the command with the same name and type (keeping its id).</summary>
    public Outcome Upsert(ulong? guildId, JsonApplicationCommand body, FormErrors errors, out JsonApplicationCommand? stored)
    {
        stored = null;
        ApplicationCommandValidator.Validate(body, errors);
        if (errors.Any) return Outcome.Invalid;
        lock (_gate)
        {
            List<JsonApplicationCommand> set = Set(guildId);
            int type = body.Type ?? ApplicationCommandValidator.ChatInput;
            int index = set.FindIndex(c => c.Name == body.Name && (c.Type ?? 1) == type);
            if (index < 0 && type == ApplicationCommandValidator.ChatInput
                && set.Count(c => (c.Type ?? 1) == ApplicationCommandValidator.ChatInput) >= ApplicationCommandValidator.MaxChatInputCommands)
            {
                return Outcome.TooMany;
            }

            stored = Stamp(body, guildId, index < 0 ? ids.Next() : ulong.Parse(set[index].Id!, CultureInfo.InvariantCulture));
            if (index < 0) set.Add(stored);
            else set[index] = stored;
            return index < 0 ? Outcome.Created : Outcome.Updated;
        }
    }

    /// <summary>PATCH: the fields present in <paramref name="patch"/> replace the stored ones; the result is validated whole.</summary>
    public Outcome Patch(ulong? guildId, ulong commandId, JsonApplicationCommand patch, FormErrors errors, out JsonApplicationCommand? stored)
    {
        stored = null;
        lock (_gate)
        {
            if (Find(guildId, commandId, out int index) is not { } current) return Outcome.Unknown;
            var merged = new JsonApplicationCommand
            {
                Type = current.Type,
                Name = patch.Name ?? current.Name,
                NameLocalizations = patch.NameLocalizations ?? current.NameLocalizations,
                Description = patch.Description ?? current.Description,
                DescriptionLocalizations = patch.DescriptionLocalizations ?? current.DescriptionLocalizations,
                Options = patch.Options ?? current.Options,
                DefaultMemberPermissions = patch.DefaultMemberPermissions ?? current.DefaultMemberPermissions,
                Contexts = patch.Contexts ?? current.Contexts,
                IntegrationTypes = patch.IntegrationTypes ?? current.IntegrationTypes,
                Nsfw = patch.Nsfw ?? current.Nsfw,
            };
            ApplicationCommandValidator.Validate(merged, errors);
            if (errors.Any) return Outcome.Invalid;
            List<JsonApplicationCommand> set = Set(guildId);
            if (set.Exists(c => c.Id != current.Id && c.Name == merged.Name && (c.Type ?? 1) == (merged.Type ?? 1)))
            {
                errors.Add("APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique", "name");
                return Outcome.Invalid;
            }

            stored = Stamp(merged, guildId, commandId);
            set[index] = stored;
            return Outcome.Updated;
        }
    }

    /// <summary>PUT: replaces the whole set; a command keeps its id when the body names it or one with its name and type exists.</summary>
    public Outcome Overwrite(ulong? guildId, JsonApplicationCommand[] bodies, FormErrors errors, out JsonApplicationCommand[] stored)
    {
        stored = [];
        var seen = new HashSet<(string, int)>();
        for (int i = 0; i < bodies.Length; i++)
        {
            string index = i.ToString(CultureInfo.InvariantCulture);
            if (bodies[i] is not { } body)
            {
                errors.Add("MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType", index);
                continue;
            }

            ApplicationCommandValidator.Validate(body, errors, index);
            if (body.Name is { } name && !seen.Add((name, body.Type ?? 1)))
            {
                errors.Add("APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique", index, "name");
            }
        }

        if (bodies.Count(b => (b?.Type ?? 1) == ApplicationCommandValidator.ChatInput) > ApplicationCommandValidator.MaxChatInputCommands)
        {
            errors.Add("BASE_TYPE_MAX_LENGTH", $"Must be {ApplicationCommandValidator.MaxChatInputCommands} or fewer in length.");
        }

        if (errors.Any) return Outcome.Invalid;
        lock (_gate)
        {
            List<JsonApplicationCommand> set = Set(guildId);
            var replaced = new List<JsonApplicationCommand>(bodies.Length);
            foreach (JsonApplicationCommand body in bodies)
            {
                JsonApplicationCommand? existing = body.Id is { } id ? set.Find(c => c.Id == id) : null;
                existing ??= set.Find(c => c.Name == body.Name && (c.Type ?? 1) == (body.Type ?? 1));
                replaced.Add(Stamp(body, guildId, existing is null ? ids.Next() : ulong.Parse(existing.Id!, CultureInfo.InvariantCulture)));
            }

            set.Clear();
            set.AddRange(replaced);
            stored = [.. replaced];
            return Outcome.Updated;
        }
    }

    public bool Delete(ulong? guildId, ulong commandId)
    {
        lock (_gate)
        {
            if (Find(guildId, commandId, out int index) is null) return false;
            _sets[guildId ?? 0].RemoveAt(index);
            return true;
        }
    }

    private JsonApplicationCommand? Find(ulong? guildId, ulong commandId, out int index)
    {
        index = -1;
        if (!_sets.TryGetValue(guildId ?? 0, out List<JsonApplicationCommand>? set)) return null;
        string id = EmulatorWorld.Id(commandId);
        index = set.FindIndex(c => c.Id == id);
        return index < 0 ? null : set[index];
    }

    private List<JsonApplicationCommand> Set(ulong? guildId)
    {
        if (!_sets.TryGetValue(guildId ?? 0, out List<JsonApplicationCommand>? set))
        {
            set = [];
            _sets[guildId ?? 0] = set;
        }

        return set;
    }

    // What Discord stores and returns: ids, version, defaults filled in.
    private JsonApplicationCommand Stamp(JsonApplicationCommand body, ulong? guildId, ulong id) => new()
    {
        Id = EmulatorWorld.Id(id),
        ApplicationId = EmulatorWorld.Id(applicationId),
        GuildId = guildId is ulong g ? EmulatorWorld.Id(g) : null,
        Version = EmulatorWorld.Id(ids.Next()),
        Type = body.Type ?? ApplicationCommandValidator.ChatInput,
        Name = body.Name,
        NameLocalizations = body.NameLocalizations,
        Description = body.Description ?? "",
        DescriptionLocalizations = body.DescriptionLocalizations,
        Options = body.Options,
        DefaultMemberPermissions = body.DefaultMemberPermissions,
        Contexts = body.Contexts ?? (guildId is null ? [0, 1, 2] : null),
        IntegrationTypes = body.IntegrationTypes ?? [0],
        Nsfw = body.Nsfw ?? false,
    };
}
