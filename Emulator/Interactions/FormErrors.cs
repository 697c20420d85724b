using System.Text.Json.Nodes;

namespace AndyAI.Emulator.Interactions;

/// <summary>
/// Builds the <c>errors</c> tree of a 50035 Invalid Form Body answer, as Discord nests it: one object per path
/// segment (field names, array indexes) ending in <c>{"_errors":[{"code":…,"message":…}]}</c>.
/// </summary>
internal sealed class FormErrors
{
    private readonly JsonObject _root = [];

    public bool Any => _root.Count > 0;

    public void Add(string code, string message, params ReadOnlySpan<string> path)
    {
        JsonObject node = _root;
        foreach (string segment in path)
        {
            if (node[segment] is not JsonObject child)
            {
                child = [];
                node[segment] = child;
            }

            node = child;
        }

        if (node["_errors"] is not JsonArray errors)
        {
            errors = [];
            node["_errors"] = errors;
        }

        errors.Add(new JsonObject { ["code"] = code, ["message"] = message });
    }

    public string ToJson() => _root.ToJsonString();
}
