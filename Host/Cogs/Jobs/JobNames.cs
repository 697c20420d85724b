namespace AndyAI.Host.Cogs.Jobs;

/// <summary>
/// The rules for a scheduled job's name: it goes into logs, <c>!cogs</c> and Redis keys, so it is short and plain.
/// Compiled into the test kit too (AndyAI.Testing).
/// </summary>
internal static class JobNames
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 64;

    /// <exception cref="ArgumentException">Empty, longer than <see cref="MaxLength"/>, or with a character other than an ASCII letter, digit, <c>-</c>, <c>_</c> or <c>.</c>.</exception>
    public static void Validate(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > MaxLength)
        {
            throw new ArgumentException($"A job name has at most {MaxLength} characters; '{name[..MaxLength]}…' has {name.Length}.", nameof(name));
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                throw new ArgumentException($"The job name '{name}' may hold only ASCII letters, digits, '-', '_' and '.'.", nameof(name));
            }
        }
    }
}
