namespace AndyAI.Cogs.MessageHandler.Tests.Fakes;

internal static class Ids
{
    public const ulong Bot = 100;
    public const ulong BotRole = 200;
    public const ulong Guild = 300;
    public const ulong OtherGuild = 301;
    public const ulong Channel = 400;
    public const ulong OtherChannel = 401;
    public const ulong DmChannel = 402;
    public const ulong Alice = 500;
    public const ulong Bob = 501;
    public const ulong Carol = 502;
}
