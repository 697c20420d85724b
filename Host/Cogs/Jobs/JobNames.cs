namespace AndyAI.Host.Cogs.Jobs;

/// <summary>
/// The rules for a scheduled job's name (it goes into logs, <c>!cogs</c> and Redis keys, so it is short and plain) and
/// for how many jobs a cog has. Compiled into the test kit too (AndyAI.Testing).
/// </summary>
internal static class JobNames
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// The most scheduled jobs one cog instance may have. Each job is a timer, a line in <c>!cogs</c> and a set of
    /// series on <c>/metrics</c> (its duration histogram's for as long as the process runs): a cog that would add a
    /// job per item of its data keeps one job that walks its items instead.
    /// </summary>
    public const int MaxJobsPerCog = 64;

    /// <summary>Refuses a job beyond <see cref="MaxJobsPerCog"/>: <paramref name="count"/> is how many the cog has.</summary>
    /// <exception cref="InvalidOperationException">The cog has <see cref="MaxJobsPerCog"/> jobs already.</exception>
    public static void EnsureRoom(string cogName, string name, int count)
    {
        if (count >= MaxJobsPerCog)
        {
            throw new InvalidOperationException(
                $"{cogName} cannot add scheduled job '{name}': a cog may have {MaxJobsPerCog} scheduled jobs, and it has {count} (remove one, or let one job walk the items).");
        }
    }

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
