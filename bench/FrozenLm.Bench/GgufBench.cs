using System.Diagnostics;
using System.Text;
using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Checkpoints.Gguf;

namespace FrozenLm.Bench;

/// <summary>
/// <c>gguf-load</c>: seconds to load (dequantise to F32) layer 31 of a sparse generated LLaMA-7B-shaped Q4_K_M GGUF
/// file (Q4_K, with Q6_K for attn_v and ffn_down as llama.cpp's Q4_K_M mix does), median of several loads.
/// </summary>
internal static class GgufBench
{
    private const int Layers = 32, Hidden = 4096, Ffn = 11008, Vocab = 32000;

    public static void Register() =>
        BenchMain.Register("gguf-load", "load layer 31 of a sparse LLaMA-7B-shaped Q4_K_M GGUF file: median seconds [repeats]", Load);

    private static int Load(string[] args)
    {
        var repeats = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var dir = Path.Combine(Path.GetTempPath(), "frozenlm-bench-gguf-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "llama-7b-q4_k_m.gguf");
        try
        {
            WriteSparseQ4KM(path);
            var times = new List<double>();
            long parameters = 0;
            for (var i = 0; i < repeats; i++)
            {
                var sw = Stopwatch.StartNew();
                using var stack = LmBlockStack.Load(path, [31], new LmLoadOptions { FinalNorm = true });
                times.Add(sw.Elapsed.TotalSeconds);
                parameters = stack.ParameterCount;
            }
            times.Sort();
            foreach (var type in new[] { GgmlType.Q4_K, GgmlType.Q6_K, GgmlType.Q8_0 })
                Console.WriteLine($"gguf-load: {type} dequantisation on one thread: {DequantRate(type) / 1e6:F0} M values/s");
            Console.WriteLine($"gguf-load: layer 31 of LLaMA-7B shape (Q4_K_M, sparse {new FileInfo(path).Length / 1e9:F1} GB file): " +
                              $"median {times[times.Count / 2]:F2} s over {repeats} loads (min {times[0]:F2}, max {times[^1]:F2}); " +
                              $"{parameters / 1e6:F1} M params dequantised to F32");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Values per second one thread dequantises from random blocks of <paramref name="type"/> (best of 10).</summary>
    private static double DequantRate(GgmlType type)
    {
        const int values = 1 << 22;
        var source = new byte[values / GgmlTypeTraits.BlockElements(type) * GgmlTypeTraits.BlockBytes(type)];
        new Random(1).NextBytes(source);
        var destination = new float[values];
        var best = double.MaxValue;
        for (var i = 0; i < 10; i++)
        {
            var sw = Stopwatch.StartNew();
            GgufDequantizer.Dequantize(type, source, destination);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return values / best;
    }

    /// <summary>Writes the header of a 7B Q4_K_M file and extends it sparsely over the (all-zero) tensor data.</summary>
    private static void WriteSparseQ4KM(string path)
    {
        var tensors = new List<(string Name, long[] Dims, GgmlType Type)> { ("token_embd.weight", [Hidden, Vocab], GgmlType.Q4_K) };
        for (var layer = 0; layer < Layers; layer++)
        {
            var p = $"blk.{layer}.";
            tensors.Add((p + "attn_norm.weight", [Hidden], GgmlType.F32));
            tensors.Add((p + "attn_q.weight", [Hidden, Hidden], GgmlType.Q4_K));
            tensors.Add((p + "attn_k.weight", [Hidden, Hidden], GgmlType.Q4_K));
            tensors.Add((p + "attn_v.weight", [Hidden, Hidden], GgmlType.Q6_K));
            tensors.Add((p + "attn_output.weight", [Hidden, Hidden], GgmlType.Q4_K));
            tensors.Add((p + "ffn_norm.weight", [Hidden], GgmlType.F32));
            tensors.Add((p + "ffn_gate.weight", [Hidden, Ffn], GgmlType.Q4_K));
            tensors.Add((p + "ffn_up.weight", [Hidden, Ffn], GgmlType.Q4_K));
            tensors.Add((p + "ffn_down.weight", [Ffn, Hidden], GgmlType.Q6_K));
        }
        tensors.Add(("output_norm.weight", [Hidden], GgmlType.F32));
        tensors.Add(("output.weight", [Hidden, Vocab], GgmlType.Q6_K));

        using var stream = new FileStream(path, FileMode.Create);
        using var w = new BinaryWriter(stream, Encoding.UTF8);
        w.Write("GGUF"u8);
        w.Write(3u);
        w.Write((ulong)tensors.Count);
        var metadata = new (string Key, uint Value)[]
        {
            ("llama.block_count", Layers), ("llama.embedding_length", Hidden), ("llama.feed_forward_length", Ffn),
            ("llama.attention.head_count", 32), ("llama.attention.head_count_kv", 32), ("general.file_type", 15),
        };
        w.Write((ulong)metadata.Length + 2);
        WriteString(w, "general.architecture");
        w.Write(8u);
        WriteString(w, "llama");
        WriteString(w, "llama.attention.layer_norm_rms_epsilon");
        w.Write(6u);
        w.Write(1e-6f);
        foreach (var (key, value) in metadata)
        {
            WriteString(w, key);
            w.Write(4u);
            w.Write(value);
        }
        ulong offset = 0;
        foreach (var (name, dims, type) in tensors)
        {
            WriteString(w, name);
            w.Write((uint)dims.Length);
            foreach (var d in dims)
                w.Write((ulong)d);
            w.Write((uint)type);
            w.Write(offset);
            var bytes = dims.Aggregate(1L, (a, b) => a * b) / GgmlTypeTraits.BlockElements(type) * GgmlTypeTraits.BlockBytes(type);
            offset += ((ulong)bytes + 31) / 32 * 32;
        }
        w.Flush();
        var dataStart = (stream.Position + 31) / 32 * 32;
        stream.SetLength(dataStart + (long)offset);
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }
}
