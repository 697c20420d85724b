namespace AndyAI.Storage.Accounts;

/// <summary>Whose settings: a guild's or a user's.</summary>
internal enum SettingsScope
{
    Guild,
    User,
}
