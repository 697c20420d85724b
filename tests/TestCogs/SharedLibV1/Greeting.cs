namespace AndyAI.TestSharedLib;

/// <summary>What this version of the library says.</summary>
public static class Greeting
{
    public static string Text => "shared lib v1";
}
