using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using AndyAI.Abstractions;
using McMaster.NETCore.Plugins.Loader;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Cogs.Loading;

/// <summary>
/// Shadow-copies a cog package and loads it into its own collectible load context built by McMaster's
/// AssemblyLoadContextBuilder. The host never maps the files in run/plugins/: they may be overwritten or deleted at any time.
/// Every method that touches the cog's types is NoInlining, so no caller's frame keeps a reference to them.
/// </summary>
internal static class CogLoader
{
    // Sharing the contract shares its dependency closure, in particular Microsoft.Extensions.Logging.Abstractions,
    // whose ILogger a cog receives. Everything else stays private to the cog.
    private static readonly Type[] SharedTypes = [typeof(ICog), typeof(ILogger)];

    /// <summary>
    /// Copies the package's files into <paramref name="destination"/> and returns a fingerprint of what was copied.
    /// Each file is read once, so the copy and the fingerprint see the same bytes.
    /// </summary>
    /// <exception cref="CogLoadException">An archive package is invalid or unsafe.</exception>
    public static string ShadowCopy(CogPackage package, string destination)
    {
        if (package.IsArchive) return CogArchive.Extract(package.MainAssemblyPath, package.Name, destination);
        Directory.CreateDirectory(destination);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // One small buffer for every file: reading a whole DLL or .pdb into one array would put each file over 85 KB
        // on the large object heap, whose pages stay in the idle host's private memory.
        byte[] buffer = new byte[16 * 1024];
        foreach (string file in package.EnumerateFiles().Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(package.Directory, file);
            string target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            hash.AppendData(Encoding.UTF8.GetBytes(relative.Replace('\\', '/')));
            CopyAndHash(file, target, hash, buffer);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>
    /// Copies <paramref name="file"/> to <paramref name="target"/> and appends its length, then its bytes, to the
    /// fingerprint (the form approved hashes in plugins.json were computed with). The length is taken when the file is
    /// opened: bytes appended later are not copied, and a file that shrinks meanwhile fails the copy with an
    /// IOException, like any unreadable file.
    /// </summary>
    private static void CopyAndHash(string file, string target, IncrementalHash hash, byte[] buffer)
    {
        using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        using var copy = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        long length = source.Length;
        hash.AppendData(BitConverter.GetBytes(length));
        for (long remaining = length; remaining > 0;)
        {
            int read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0) throw new EndOfStreamException($"{file} became shorter while it was copied");
            copy.Write(buffer, 0, read);
            hash.AppendData(buffer, 0, read);
            remaining -= read;
        }
    }

    /// <summary>Loads the shadow copy and creates the cog object (not started).</summary>
    /// <exception cref="CogLoadException">The file is not a loadable cog; the message says why.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CogInstance Load(CogPackage package, string shadowDirectory, string fingerprint)
    {
        string main = Path.Combine(shadowDirectory, package.MainAssemblyFileName);
        CogImageCheck check = CogImageInspector.Inspect(main);
        if (!check.IsOk) throw new CogLoadException($"{package.MainAssemblyFileName}: {check.Problem}");

        AssemblyLoadContext context = CreateLoadContext(main);
        try
        {
            Assembly assembly = context.LoadFromAssemblyPath(main);
            Type cogType = FindCogType(assembly, package);
            ICog cog;
            try
            {
                cog = (ICog)Activator.CreateInstance(cogType)!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new CogLoadException($"{cogType.FullName}: its constructor threw {Describe(e.InnerException)}");
            }

            string name = ReadName(cog, cogType);
            return new CogInstance
            {
                Package = package,
                ShadowDirectory = shadowDirectory,
                Fingerprint = fingerprint,
                CogName = name,
                Version = VersionOf(assembly),
                Manifest = check.Manifest,
                LoadContextReference = new WeakReference(AssemblyLoadContext.GetLoadContext(assembly), trackResurrection: true),
                AssemblyReference = new WeakReference(assembly, trackResurrection: true),
                LoadContext = context,
                Cog = cog,
            };
        }
        catch (Exception e)
        {
            context.Unload();
            string why = e is CogLoadException ? e.Message : $"{Path.GetFileName(main)}: cannot be loaded: {Describe(e)}";
            throw new CogLoadException(why) { Manifest = check.Manifest };
        }
    }

    /// <summary>
    /// Drops every strong reference the instance holds to the cog and unloads its load context. After this, only the
    /// instance's weak references point at the cog's code.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Detach(CogInstance instance)
    {
        AssemblyLoadContext? context = instance.LoadContext;
        instance.Cog = null;
        instance.Scope = null;
        instance.LoadContext = null;
        context?.Unload();
    }

    /// <summary>"InvalidOperationException: message" – one line, never the exception object (its stack trace would pin the cog's code).</summary>
    public static string Describe(Exception e)
    {
        Exception inner = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e;
        string message = inner.Message.ReplaceLineEndings(" ");
        return $"{inner.GetType().Name}: {message}";
    }

    /// <summary>
    /// The cog's collectible context: its own dependencies from its folder (resolved through its .deps.json), the
    /// shared types' assemblies from the host's context. Built with McMaster's AssemblyLoadContextBuilder rather than
    /// PluginLoader, which also scans every *.runtimeconfig.json for NuGet probing paths through
    /// Process.GetCurrentProcess().MainModule; a cog built with EnableDynamicLoading carries its dependencies, so
    /// that scan found nothing and only kept System.Diagnostics.Process and its dependencies mapped in the host.
    /// </summary>
    private static AssemblyLoadContext CreateLoadContext(string mainAssemblyPath)
    {
        AssemblyLoadContextBuilder builder = new AssemblyLoadContextBuilder()
            .SetMainAssemblyPath(mainAssemblyPath)
            .SetDefaultContext(AssemblyLoadContext.GetLoadContext(typeof(ICog).Assembly) ?? AssemblyLoadContext.Default)
            .EnableUnloading()
            // Lazily: a shared assembly's references join the shared set as they are loaded. The eager walk loaded
            // the contract's whole closure up front, a dozen framework assemblies no cog uses (Regex,
            // Linq.Expressions, Reflection.Emit, Formats.Asn1...), mapped in the host for good.
            .IsLazyLoaded(true);
        foreach (Type shared in SharedTypes)
        {
            builder.PreferDefaultLoadContextAssembly(shared.Assembly.GetName());
        }

        return builder.Build();
    }

    private static Type FindCogType(Assembly assembly, CogPackage package)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            string why = e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message ?? e.Message;
            throw new CogLoadException($"{assembly.GetName().Name}: its types cannot be loaded ({why.ReplaceLineEndings(" ")}); is a dependency missing from its folder {package.Name}/?");
        }

        Type[] cogs = [.. types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICog).IsAssignableFrom(t))];
        if (cogs.Length == 0)
        {
            throw new CogLoadException($"{assembly.GetName().Name}: contains no cog (no non-abstract class implements {typeof(ICog).FullName})");
        }

        if (cogs.Length > 1)
        {
            throw new CogLoadException($"{assembly.GetName().Name}: contains {cogs.Length} cogs ({string.Join(", ", cogs.Select(c => c.Name))}); one assembly holds one cog");
        }

        Type cogType = cogs[0];
        if (!cogType.IsPublic || cogType.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new CogLoadException($"{cogType.FullName}: a cog must be a public class with a public parameterless constructor");
        }

        return cogType;
    }

    private static string ReadName(ICog cog, Type cogType)
    {
        string? name;
        try
        {
            name = cog.Name;
        }
        catch (Exception e)
        {
            throw new CogLoadException($"{cogType.FullName}: its Name threw {Describe(e)}");
        }

        if (CogNames.Problem(name) is { } problem)
        {
            throw new CogLoadException($"{cogType.FullName}: its Name is invalid: {problem}");
        }

        return name;
    }

    private static string VersionOf(Assembly assembly)
    {
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            int plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus > 0 ? informational[..plus] : informational;
        }

        return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
