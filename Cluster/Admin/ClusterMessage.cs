namespace AndyAI.Cluster.Admin;

/// <summary>A request to every process, or one process's answer to it (on the admin channels).</summary>
/// <param name="Id">The request's id; an answer carries the same.</param>
/// <param name="From">The sender's owner id (name/suffix).</param>
/// <param name="Kind">What to do (<c>reload</c>, <c>load</c>, <c>unload</c>, <c>cogs</c>…); empty in an answer.</param>
/// <param name="Argument">The request's argument (cog names), or the answer's text.</param>
internal sealed record ClusterMessage(string Id, string From, string Kind, string Argument);
