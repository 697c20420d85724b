using AndyAI.Discord.Interactions;
using AndyAI.Host.Interactions;

namespace AndyAI.Host.Tests.Fakes;

/// <summary>Records every answer and command write; serves a settable command list to GET.</summary>
internal sealed class FakeInteractionClient : IInteractionClient
{
    private readonly Lock _gate = new();
    private readonly List<string> _calls = [];

    /// <summary>What was sent, in order: <c>respond:&lt;type&gt;:&lt;content&gt;</c>, <c>edit:…</c>, <c>delete</c>, <c>followup:…</c>, <c>put:&lt;guild&gt;</c>.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate) return [.. _calls];
        }
    }

    public List<InteractionResponse> Responses { get; } = [];

    public List<InteractionMessage> Messages { get; } = [];

    /// <summary>What GET returns, per guild (null = global); a PUT stores here.</summary>
    public Dictionary<ulong, IReadOnlyList<ApplicationCommand>> Stored { get; } = [];

    public IReadOnlyList<ApplicationCommand> StoredGlobal { get; set; } = [];

    /// <summary>Thrown by the next GET calls, then cleared.</summary>
    public Queue<Exception> GetFailures { get; } = new();

    public Func<DiscordInteraction, CancellationToken, ValueTask>? Handler { get; private set; }

    public int Puts => Calls.Count(c => c.StartsWith("put", StringComparison.Ordinal));

    public IDisposable SubscribeInteractions(Func<DiscordInteraction, CancellationToken, ValueTask> handler)
    {
        Handler = handler;
        return new Unsubscriber(this);
    }

    public Task RespondAsync(DiscordInteraction interaction, InteractionResponse response, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Responses.Add(response);
            _calls.Add($"respond:{response.Type}:{(response.Message?.IsEphemeral == true || response.IsEphemeral ? "private:" : "")}{response.Message?.Content}{string.Join(",", response.Choices?.Select(c => c.Name) ?? [])}");
        }

        return Task.CompletedTask;
    }

    public Task EditOriginalAsync(DiscordInteraction interaction, InteractionMessage message, CancellationToken cancellationToken) => Record("edit", message);

    public Task DeleteOriginalAsync(DiscordInteraction interaction, CancellationToken cancellationToken)
    {
        lock (_gate) _calls.Add("delete");
        return Task.CompletedTask;
    }

    public async Task<ulong> SendFollowupAsync(DiscordInteraction interaction, InteractionMessage message, CancellationToken cancellationToken)
    {
        await Record("followup", message);
        lock (_gate) return (ulong)_calls.Count;
    }

    public Task EditFollowupAsync(DiscordInteraction interaction, ulong messageId, InteractionMessage message, CancellationToken cancellationToken) =>
        Record("editfollowup:" + messageId.ToString(System.Globalization.CultureInfo.InvariantCulture), message);

    public Task DeleteFollowupAsync(DiscordInteraction interaction, ulong messageId, CancellationToken cancellationToken)
    {
        lock (_gate) _calls.Add("deletefollowup:" + messageId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ApplicationCommand>> GetCommandsAsync(ulong? guildId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (GetFailures.TryDequeue(out Exception? failure)) return Task.FromException<IReadOnlyList<ApplicationCommand>>(failure);
            return Task.FromResult(guildId is { } g ? Stored.GetValueOrDefault(g, []) : StoredGlobal);
        }
    }

    public Task BulkOverwriteAsync(IReadOnlyList<ApplicationCommand> commands, ulong? guildId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _calls.Add($"put:{guildId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "global"}");
            if (guildId is { } g) Stored[g] = commands;
            else StoredGlobal = commands;
        }

        return Task.CompletedTask;
    }

    private Task Record(string how, InteractionMessage message)
    {
        lock (_gate)
        {
            Messages.Add(message);
            _calls.Add($"{how}:{(message.IsEphemeral ? "private:" : "")}{message.Content}");
        }

        return Task.CompletedTask;
    }

    private sealed class Unsubscriber(FakeInteractionClient owner) : IDisposable
    {
        public void Dispose() => owner.Handler = null;
    }
}
