namespace NotesCog;

public sealed record Note(string Text, DateTimeOffset Written);
