using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Checkpoints.Gguf;
using FrozenLm.LanguageModels.Checkpoints.Onnx;
using FrozenLm.LanguageModels.Checkpoints.Pickle;
using FrozenLm.Tensors;

namespace FrozenLm.Fuzz.Targets;

/// <summary>Targets for the LM checkpoint readers: each opens the input and reads every tensor, as loading an LM does.</summary>
internal static class CheckpointTargets
{
    /// <summary>The one shard the fuzzed index may name (a valid two-tensor file written beside it).</summary>
    public const string ShardName = "model-00001-of-00001.safetensors";

    public static void Safetensors(byte[] input, FuzzScratch scratch)
    {
        using var file = SafetensorsFile.Open(scratch.Write("model.safetensors", input));
        foreach (var name in file.Names)
        {
            using var t = file.Read(name);
            using var f = file.ReadFloat32(name);
        }
    }

    public static void ShardedIndex(byte[] input, FuzzScratch scratch)
    {
        var dir = scratch.EmptyFolder("sharded");
        File.WriteAllBytes(Path.Combine(dir, ShardName), ValidShard);
        File.WriteAllBytes(Path.Combine(dir, HuggingFaceCheckpoint.IndexFile), input);
        using var source = ShardedSafetensors.Open(Path.Combine(dir, HuggingFaceCheckpoint.IndexFile));
        ReadAll(source);
    }

    public static void HuggingFaceConfigJson(byte[] input, FuzzScratch scratch) =>
        HuggingFaceConfig.Read(scratch.Write("config.json", input));

    public static void Pickle(byte[] input, FuzzScratch scratch) => RestrictedUnpickler.Load(input, Path.Combine(scratch.Root, "data.pkl"));

    public static void Pth(byte[] input, FuzzScratch scratch)
    {
        using var file = TorchPthFile.Open(scratch.Write("consolidated.00.pth", input));
        foreach (var tensor in file.Tensors.Values)
        {
            using var t = file.Read(tensor);
        }
    }

    public static void MetaParams(byte[] input, FuzzScratch scratch)
    {
        var parameters = MetaLlamaParams.Load(scratch.Write("params.json", input));
        _ = parameters.ToConfig("float32");
    }

    public static void Onnx(byte[] input, FuzzScratch scratch)
    {
        using var checkpoint = OnnxCheckpointReader.Open(scratch.Write("model.onnx", input));
        ReadAll(checkpoint.Tensors);
    }

    public static void Gguf(byte[] input, FuzzScratch scratch)
    {
        var path = scratch.Write("model.gguf", input);
        using (var file = GgufFile.Open(path))
        {
            // The dequantisers as GgufTensorSource.ReadRaw drives them, also for files of no supported architecture.
            foreach (var tensor in file.Header.Tensors.Where(t => GgmlTypeTraits.Dequantizable.Contains(t.Type)))
                GgufDequantizer.Dequantize(tensor.Type, file.Bytes(tensor), new float[tensor.ElementCount]);
        }
        using var checkpoint = GgufCheckpointReader.Open(path);
        ReadAll(checkpoint.Tensors);
    }

    private static void ReadAll(ITensorSource source)
    {
        foreach (var name in source.Names)
        {
            using var t = source.Read(name);
        }
    }

    /// <summary>A valid shard holding <c>w</c> (F32 [2, 2]) and <c>b</c> (F32 [2]).</summary>
    private static readonly byte[] ValidShard = BuildShard();

    private static byte[] BuildShard()
    {
        var header = """{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}"""u8;
        var padded = (header.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + 24];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (long)padded);
        header.CopyTo(bytes.AsSpan(8));
        bytes.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        for (var i = 0; i < 6; i++)
            BitConverter.TryWriteBytes(bytes.AsSpan(8 + padded + 4 * i, 4), i * 0.5f);
        return bytes;
    }
}
