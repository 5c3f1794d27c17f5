using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using FrozenLm.LanguageModels;
using TorchSharp;

namespace FrozenLm.Bench;

/// <summary>
/// <c>lm-load</c>: load time and peak memory of one LLaMA-7B-shaped layer from a sparse sharded BF16 checkpoint;
/// <c>lm-throughput</c>: tokens/s and GFLOP/s of LLaMA-7B-sized and MiniLM-sized layers versus the fp32 matmul rate.
/// </summary>
internal static class LmBenchmarks
{
    public static void Register()
    {
        BenchMain.Register("lm-load", "load layer 31 of a sparse LLaMA-7B-shaped BF16 sharded checkpoint: seconds, peak RSS", Load);
        BenchMain.Register("lm-throughput", "tokens/s and GFLOP/s of a 4096-dim llama layer and a minilm-shaped bert layer [tokens]", Throughput);
    }

    private static int Load(string[] args)
    {
        var dir = Path.Combine(Path.GetTempPath(), "frozenlm-bench-lm-load-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            WriteSparseLlama7B(dir);
            var sw = Stopwatch.StartNew();
            ResetPeak();
            var baseline = VmRssBytes();
            using var stack = LmBlockStack.Load(dir, [31], new LmLoadOptions { FinalNorm = true });
            var loadSeconds = sw.Elapsed.TotalSeconds;
            stack.Freeze();
            using var input = torch.randn(2, 50, 4096);
            sw.Restart();
            using (torch.no_grad())
            using (var output = stack.forward(input))
            {
            }
            var runSeconds = sw.Elapsed.TotalSeconds;
            var peak = VmHwmBytes() - baseline;
            var fp32 = stack.ParameterCount * 4.0;
            Console.WriteLine($"lm-load: layer 31 of LLaMA-7B shape (BF16, 2 sparse shards): load {loadSeconds:F2} s (target < 2 s), " +
                              $"forward [2,50,4096] {runSeconds:F2} s");
            Console.WriteLine($"lm-load: peak RSS increase {peak / 1048576.0:F0} MiB = {peak / fp32:F2}x the layer's fp32 size " +
                              $"{fp32 / 1048576.0:F0} MiB (target < 1.5x); {stack.ParameterCount / 1e6:F1} M params");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void WriteSparseLlama7B(string dir)
    {
        const int layers = 32, hidden = 4096, ffn = 11008;
        File.WriteAllText(Path.Combine(dir, "config.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model_type"] = "llama", ["num_hidden_layers"] = layers, ["hidden_size"] = hidden, ["num_attention_heads"] = 32,
            ["num_key_value_heads"] = 32, ["intermediate_size"] = ffn, ["rms_norm_eps"] = 1e-6, ["hidden_act"] = "silu",
            ["torch_dtype"] = "bfloat16",
        }));
        var shapes = new (string Name, long[] Shape)[]
        {
            ("self_attn.q_proj.weight", [hidden, hidden]), ("self_attn.k_proj.weight", [hidden, hidden]),
            ("self_attn.v_proj.weight", [hidden, hidden]), ("self_attn.o_proj.weight", [hidden, hidden]),
            ("mlp.gate_proj.weight", [ffn, hidden]), ("mlp.up_proj.weight", [ffn, hidden]), ("mlp.down_proj.weight", [hidden, ffn]),
            ("input_layernorm.weight", [hidden]), ("post_attention_layernorm.weight", [hidden]),
        };
        var weightMap = new Dictionary<string, string>();
        for (var shard = 0; shard < 2; shard++)
        {
            var file = $"model-0000{shard + 1}-of-00002.safetensors";
            var header = new Dictionary<string, object>();
            long offset = 0;
            for (var layer = shard * 16; layer < shard * 16 + 16; layer++)
            {
                foreach (var (name, shape) in shapes)
                {
                    var bytes = shape.Aggregate(2L, (a, b) => a * b);
                    var full = $"model.layers.{layer}.{name}";
                    header[full] = new { dtype = "BF16", shape, data_offsets = new[] { offset, offset + bytes } };
                    weightMap[full] = file;
                    offset += bytes;
                }
            }
            var json = JsonSerializer.SerializeToUtf8Bytes(header);
            var padded = (json.Length + 7) / 8 * 8;
            using var stream = new FileStream(Path.Combine(dir, file), FileMode.Create);
            var lengthBytes = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)padded);
            stream.Write(lengthBytes);
            stream.Write(json);
            for (var i = json.Length; i < padded; i++)
                stream.WriteByte((byte)' ');
            stream.SetLength(8 + padded + offset);
        }
        File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"),
            JsonSerializer.Serialize(new { metadata = new { total_size = 0 }, weight_map = weightMap }));
    }

    private static int Throughput(string[] args)
    {
        var tokens = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 4096;
        var matmul = BenchMain.MatmulGflops();
        Console.WriteLine($"fp32 matmul 2048x2048: {matmul:F1} GFLOP/s, threads {torch.get_num_threads()}");
        var llama = new LmConfig
        {
            Family = FrozenLm.LanguageModels.Families.LlamaFamily.Instance, ModelType = "llama", NumLayers = 32, HiddenSize = 4096, NumHeads = 32,
            NumKvHeads = 32, FfnSize = 11008, NormEps = 1e-6, Activation = "silu", HeadDim = 128,
        };
        var minilm = new LmConfig
        {
            Family = FrozenLm.LanguageModels.Families.BertFamily.Instance, ModelType = "bert", NumLayers = 6, HiddenSize = 384, NumHeads = 12,
            NumKvHeads = 12, FfnSize = 1536, NormEps = 1e-12, Activation = "gelu", HeadDim = 32, QkvBias = true,
            OutputBias = true, MlpBias = true, PreNorm = false,
        };
        Measure("llama-7B layer", llama, 1, tokens, matmul, repeats: 1);
        Measure("minilm layer", minilm, 4, tokens, matmul, repeats: 5);
        return 0;
    }

    private static void Measure(string label, LmConfig config, int batch, int tokens, double matmul, int repeats)
    {
        using var stack = LmBlockStack.CreateRandom(config, [0], new LmLoadOptions(), 1);
        stack.Freeze();
        using var input = torch.randn(batch, tokens, config.HiddenSize);
        using var noGrad = torch.no_grad();
        using (var warm = stack.forward(input)) { }
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            using var output = stack.forward(input);
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        var seconds = times[times.Count / 2];
        var flops = batch * (2.0 * stack.ParameterCount * tokens + 4.0 * tokens * (double)tokens * config.NumHeads * config.HeadDim);
        var gflops = flops / seconds / 1e9;
        Console.WriteLine($"{label}: [{batch},{tokens},{config.HiddenSize}] {seconds:F2} s, {batch * tokens / seconds:F0} tokens/s, " +
                          $"{gflops:F1} GFLOP/s = {100 * gflops / matmul:F0}% of the fp32 matmul rate (median of {repeats})");
    }

    private static long VmHwmBytes() => ReadStatus("VmHWM:");

    private static long VmRssBytes() => ReadStatus("VmRSS:");

    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static long ReadStatus(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        return 0;
    }
}
