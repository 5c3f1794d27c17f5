using FrozenLm.LanguageModels.Families;

namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>
/// Opens a GGUF file (llama.cpp, Ollama, LLamaSharp) as an <see cref="LmCheckpoint"/> of format "gguf": the family
/// whose <see cref="ILmFamily.Gguf"/> binding answers to <c>general.architecture</c> binds the config, and the tensors
/// are read dequantised to F32 under Hugging Face names.
/// </summary>
public static class GgufCheckpointReader
{
    public const string Extension = ".gguf";

    /// <summary>True for an existing file named *.gguf or starting with the GGUF magic.</summary>
    public static bool CanOpen(string source)
    {
        if (!File.Exists(source))
            return false;
        if (source.EndsWith(Extension, StringComparison.OrdinalIgnoreCase))
            return true;
        try
        {
            using var stream = File.OpenRead(source);
            Span<byte> magic = stackalloc byte[4];
            return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("GGUF"u8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static LmCheckpoint Open(string source)
    {
        var file = GgufFile.Open(source);
        try
        {
            var architecture = file.Metadata.String("general.architecture");
            var bindings = LmFamilies.All.Select(f => f.Gguf).OfType<IGgufBinding>().ToList();
            var binding = bindings.FirstOrDefault(b => b.Architectures.Contains(architecture, StringComparer.Ordinal))
                          ?? throw new UserInputException(source,
                              $"GGUF architecture '{architecture}' is not supported; supported: {string.Join(", ", bindings.SelectMany(b => b.Architectures))}");
            var config = binding.Bind(file, architecture);
            Validate(source, config);
            var tensors = new GgufTensorSource(file, binding, config);
            var types = file.Header.Tensors.Select(t => t.Type).Distinct().Order().Select(GgmlTypeTraits.Name).ToList();
            return new LmCheckpoint { Config = config, Tensors = tensors, Format = "gguf", Source = source, StoredTypes = types };
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static void Validate(string source, LmConfig c)
    {
        if (c.NumLayers <= 0 || c.HiddenSize <= 0 || c.NumHeads <= 0 || c.NumKvHeads <= 0 || c.FfnSize <= 0 || c.HeadDim <= 0)
            throw new UserInputException(source, "GGUF metadata: block count, sizes and head counts must be positive");
        if (c.NumHeads % c.NumKvHeads != 0)
            throw new UserInputException(source, $"GGUF metadata: head_count {c.NumHeads} is not a multiple of head_count_kv {c.NumKvHeads}");
        if (!(c.NormEps > 0 && c.NormEps < 1))
            throw new UserInputException(source, $"GGUF metadata: norm epsilon {c.NormEps} must be in (0, 1)");
    }
}
