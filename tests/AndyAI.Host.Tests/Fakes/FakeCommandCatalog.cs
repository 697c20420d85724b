using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Commands;

namespace AndyAI.Host.Tests.Fakes;

/// <summary>An owner-keyed command table with the catalog's conflict rules, in a few lines.</summary>
internal sealed class FakeCommandCatalog : ICommandCatalog
{
    private readonly List<(string Owner, CommandDefinition Command)> _commands = [];

    public string Prefix => "!";

    public const string HostOwnerName = ICommandCatalog.HostOwner;

    public IReadOnlyList<(string Owner, CommandDefinition Command)> Commands => _commands;

    public IEnumerable<string> NamesOf(string owner) => _commands.Where(c => c.Owner == owner).Select(c => c.Command.Name);

    public CommandDefinition? Find(string name) => _commands.FirstOrDefault(c => Names(c.Command).Contains(name)).Command;

    public void Add(string owner, CommandDefinition command)
    {
        EnsureCanAdd(owner, command);
        _commands.Add((owner, command));
    }

    public void ReplaceOwner(string owner, IReadOnlyList<CommandDefinition> commands)
    {
        foreach (CommandDefinition command in commands)
        {
            EnsureCanAdd(owner, command);
        }

        _commands.RemoveAll(c => c.Owner == owner);
        _commands.AddRange(commands.Select(c => (owner, c)));
    }

    public void EnsureCanAdd(string owner, CommandDefinition command)
    {
        foreach ((string otherOwner, CommandDefinition other) in _commands)
        {
            if (otherOwner != owner && Names(other).Intersect(Names(command)).Any())
            {
                throw new InvalidOperationException($"'{command.Name}' is taken by {otherOwner}; {owner} cannot add it.");
            }
        }
    }

    public int RemoveOwner(string owner) => _commands.RemoveAll(c => c.Owner == owner);

    public int RemoveCommands(string owner, IReadOnlyCollection<CommandDefinition> commands) =>
        _commands.RemoveAll(c => c.Owner == owner && commands.Contains(c.Command));

    public bool IsCommandInvocation(DiscordMessage message) => message.Content.StartsWith(Prefix, StringComparison.Ordinal);

    private static string[] Names(CommandDefinition command) => [command.Name, .. command.Aliases];
}
