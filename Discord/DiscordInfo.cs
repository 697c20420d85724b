namespace AndyAI.Discord;

internal static class DiscordInfo
{
    public const int ApiVersion = 10;
    public const string RepositoryUrl = "https://github.com/andyai/andyai";
    public const string LibraryVersion = "1.0";
    // Discord requires this exact shape for bots: "DiscordBot ($url, $versionNumber)".
    public const string UserAgent = "DiscordBot (" + RepositoryUrl + ", " + LibraryVersion + ")";
}
