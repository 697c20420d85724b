namespace AndyAI.Storage;

/// <summary>
/// The database cannot be used and waiting will not fix it (a damaged SQLite file, a schema newer than this build,
/// a refused login): the host refuses to start with this one line.
/// </summary>
public sealed class StorageStartupException : Exception
{
    public StorageStartupException()
    {
    }

    public StorageStartupException(string message)
        : base(message)
    {
    }

    public StorageStartupException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
