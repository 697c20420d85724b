using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Http;
using AndyAI.Abstractions.Storage;

namespace NotesCog;

/// <summary>
/// A third-party cog that persists without database code: <c>!note &lt;text&gt;</c> keeps a note per user in
/// <see cref="ICogContext.Storage"/> (source-generated JSON), <c>!notes</c> lists the users who have one, and
/// <c>!mynote</c> reads yours back; <c>GET /cogs/NotesCog/notes/{userId}</c> (dashboard token) answers a user's note as
/// JSON. The end-to-end tests reload and unload it between writing and reading.
/// </summary>
public sealed class NotesCog : ICog
{
    private const string Prefix = "note:";

    public string Name => "NotesCog";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ICogStorage storage = context.Storage;
        context.Commands.Add(new CommandDefinition("note", "Keeps a note for you.", async (command, ct) =>
        {
            var note = new Note(command.Get<string>("text"), context.Time.GetUtcNow());
            await storage.SetAsync(Prefix + command.Message.Author.Id, note, NotesJson.Default.Note, cancellationToken: ct);
            await command.ReplyAsync("noted", ct);
        })
        {
            Parameters = [new("text", CommandParameterType.Remainder, "The note.")],
        });
        context.Commands.Add(new CommandDefinition("mynote", "Shows your note.", async (command, ct) =>
        {
            Note? note = await storage.GetAsync(Prefix + command.Message.Author.Id, NotesJson.Default.Note, ct);
            await command.ReplyAsync(note is null ? "no note" : "your note: " + note.Text, ct);
        }));
        context.Commands.Add(new CommandDefinition("notes", "Lists who has a note.", async (command, ct) =>
        {
            IReadOnlyList<string> keys = await storage.ListKeysAsync(Prefix, ct);
            await command.ReplyAsync("notes: " + keys.Count, ct);
        }));
        context.Http.Map("GET", "notes/{userId}", async (request, ct) =>
        {
            Note? note = await storage.GetAsync(Prefix + request.RouteValues["userId"], NotesJson.Default.Note, ct);
            return note is null ? CogHttpResponse.Text("no note", 404) : CogHttpResponse.Json(note, NotesJson.Default.Note);
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
