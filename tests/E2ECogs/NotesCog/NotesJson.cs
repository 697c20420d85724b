using System.Text.Json.Serialization;

namespace NotesCog;

[JsonSerializable(typeof(Note))]
internal sealed partial class NotesJson : JsonSerializerContext;
