using System.Text.Json;
using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Checkpoints.Gguf;
using FrozenLm.LanguageModels.Families;
using FrozenLm.Tensors;
using FrozenLm.Tests.Cli;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels.Gguf;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class GgufCheckpointTests
{
    private static torch.Tensor Run(string model, string io, string layers, params string[] extra)
    {
        var output = Path.Combine(TestPaths.NewTempDir("gguf-run"), "o.safetensors");
        var (code, _, err) = CliRunner.Run(["lm", "run", "--model", model, "--layers", layers, "--input", io, "--output", output, .. extra]);
        Assert.True(code == 0, err);
        using var file = SafetensorsFile.Open(output);
        return file.Read("hidden");
    }

    [Theory]
    [InlineData("llama", "llama-f32.gguf", "hf", "0,1")]
    [InlineData("llama", "llama-f16.gguf", "hf-f16", "1")]
    [InlineData("qwen2", "qwen2-f32.gguf", "hf", "0")]
    [InlineData("llama-bias", "llama-bias-f32.gguf", "hf", "0")]
    [InlineData("phi3", "phi3-f32.gguf", "hf", "0")]
    [InlineData("gemma", "gemma-f32.gguf", "hf", "0")]
    public void Given_a_full_precision_gguf_When_run_Then_the_output_equals_the_safetensors_run_bit_for_bit(string arch, string gguf, string hf, string layers)
    {
        using var scope = torch.NewDisposeScope();
        var io = GgufFixtures.Path(arch, "io.safetensors");
        var fromGguf = Run(GgufFixtures.Path(arch, gguf), io, layers);
        var fromHf = Run(GgufFixtures.Path(arch, hf), io, layers);
        Assert.Equal(0.0, LmFixtures.MaxAbs(fromGguf, fromHf));
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_a_quantised_gguf_When_run_Then_the_output_is_within_the_quantisation_error_of_the_float_run()
    {
        using var scope = torch.NewDisposeScope();
        var io = GgufFixtures.Path("llama", "io.safetensors");
        var quantised = Run(GgufFixtures.Path("llama", "llama-q.gguf"), io, "0,1");
        var full = Run(GgufFixtures.Path("llama", "hf"), io, "0,1");
        var error = LmFixtures.MaxAbs(quantised, full);
        var scale = full.abs().max().item<float>();
        Assert.InRange(error, 1e-4, 0.1 * scale); // Q4/Q5/Q8 weights: visibly quantised, still the same model
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_bf16_storage_When_a_gguf_is_run_Then_it_equals_the_safetensors_run_with_bf16_storage()
    {
        using var scope = torch.NewDisposeScope();
        var io = GgufFixtures.Path("llama", "io.safetensors");
        var fromGguf = Run(GgufFixtures.Path("llama", "llama-f32.gguf"), io, "0", "--dtype", "bf16");
        var fromHf = Run(GgufFixtures.Path("llama", "hf"), io, "0", "--dtype", "bf16");
        Assert.Equal(0.0, LmFixtures.MaxAbs(fromGguf, fromHf));
        Assert.True(LmFixtures.MaxAbs(fromGguf, Run(GgufFixtures.Path("llama", "hf"), io, "0")) > 0, "bf16 storage must round the weights");
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_an_unreadable_tensor_in_layer_0_When_layer_1_is_loaded_Then_layer_0_is_never_read()
    {
        using var scope = torch.NewDisposeScope();
        var bytes = File.ReadAllBytes(GgufFixtures.Path("llama", "llama-f32.gguf"));
        var name = "blk.0.attn_q.weight"u8.ToArray();
        var at = bytes.AsSpan().IndexOf(name) + name.Length + 4 + 2 * 8; // past n_dims and the two dims: the type
        Assert.Equal(0u, BitConverter.ToUInt32(bytes, at));
        BitConverter.GetBytes(26u).CopyTo(bytes, at); // I32: same size as F32, not a weight type
        var path = GgufFixtures.Write(bytes);
        using (LmBlockStack.Load(path, [1], new LmLoadOptions()))
        {
        }
        var ex = Assert.Throws<UserInputException>(() => LmBlockStack.Load(path, [0], new LmLoadOptions()).Dispose());
        Assert.StartsWith("tensor 'blk.0.attn_q.weight' has GGML type I32, which is not supported", ex.Problem);
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_a_gguf_When_inspected_as_json_Then_format_is_gguf_and_the_stored_types_are_listed()
    {
        var (code, output, err) = CliRunner.Run("lm", "inspect", "--model", GgufFixtures.Path("llama", "llama-q.gguf"), "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var r = doc.RootElement;
        Assert.Equal("gguf", r.GetProperty("format").GetString());
        Assert.Equal("llama", r.GetProperty("architecture").GetString());
        Assert.Equal(2, r.GetProperty("num_layers").GetInt32());
        Assert.Equal(32, r.GetProperty("hidden_size").GetInt32());
        Assert.Equal(2, r.GetProperty("num_kv_heads").GetInt32());
        Assert.Equal(1e-5, r.GetProperty("norm_eps").GetDouble());
        Assert.Equal(["F32", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0"],
            r.GetProperty("quant_types").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_a_gguf_When_extracted_Then_the_safetensors_directory_holds_the_hugging_face_weights()
    {
        using var scope = torch.NewDisposeScope();
        var dir = Path.Combine(TestPaths.NewTempDir("gguf-extract"), "out");
        var (code, _, err) = CliRunner.Run("lm", "extract", "--model", GgufFixtures.Path("llama", "llama-f32.gguf"), "--layers", "1", "--out", dir);
        Assert.True(code == 0, err);
        using var extracted = SafetensorsFile.Open(Path.Combine(dir, "model.safetensors"));
        using var hf = SafetensorsFile.Open(GgufFixtures.Path("llama", "hf", "model.safetensors"));
        Assert.Equal(9, extracted.Names.Count);
        foreach (var name in extracted.Names)
        {
            Assert.StartsWith("model.layers.1.", name);
            Assert.Equal("F32", extracted.Info(name).DType);
            Assert.Equal(0.0, LmFixtures.MaxAbs(extracted.Read(name), hf.Read(name))); // q/k rows back in Hugging Face order
        }
        var config = HuggingFaceConfig.Read(Path.Combine(dir, "config.json"));
        Assert.Equal(("llama", 2, 2, 1e-5), (config.ModelType, config.NumLayers, config.NumKvHeads, config.NormEps));
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_the_converters_interleaved_qk_rows_When_loaded_without_undoing_them_Then_the_block_output_is_unchanged()
    {
        using var scope = torch.NewDisposeScope();
        using var checkpoint = LmCheckpointLoader.Open(GgufFixtures.Path("llama", "llama-f32.gguf"));
        var raw = new GgufBlockBinding(LlamaFamily.Instance, "llama");
        using var interleaved = new LmCheckpoint
        {
            Config = checkpoint.Config,
            Tensors = new GgufTensorSource(GgufFile.Open(GgufFixtures.Path("llama", "llama-f32.gguf")), raw, checkpoint.Config),
            Format = "gguf",
            Source = "interleaved",
        };
        const string q = "model.layers.0.self_attn.q_proj.weight";
        Assert.True(LmFixtures.MaxAbs(checkpoint.Tensors.Read(q), interleaved.Tensors.Read(q)) > 0.01, "the rows must differ");
        using var a = LmBlockStack.Load(checkpoint, [0, 1], new LmLoadOptions());
        using var b = LmBlockStack.Load(interleaved, [0, 1], new LmLoadOptions());
        using var x = torch.randn([2, 5, 32], generator: new torch.Generator(7));
        using var noGrad = torch.no_grad();
        var maxAbs = LmFixtures.MaxAbs(a.forward(x), b.forward(x));
        Assert.InRange(maxAbs, 0, 1e-5); // without RoPE, permuting q and k rows alike within each head leaves attention unchanged
    }

    [Fact]
    public void Given_an_architecture_no_family_reads_When_opened_Then_one_line_lists_the_supported_ones()
    {
        var path = GgufFixtures.Write(new GgufTestFile().String("general.architecture", "mamba").Build());
        var ex = Assert.Throws<UserInputException>(() => LmCheckpointLoader.Open(path).Dispose());
        Assert.Equal("GGUF architecture 'mamba' is not supported; supported: llama, qwen2, phi3, gemma", ex.Problem);
    }

    [Fact]
    public void Given_a_gguf_missing_a_shape_key_When_opened_Then_one_line_names_the_key()
    {
        var path = GgufFixtures.Write(new GgufTestFile().String("general.architecture", "llama").Build());
        var ex = Assert.Throws<UserInputException>(() => LmCheckpointLoader.Open(path).Dispose());
        Assert.Equal("GGUF metadata has no 'llama.embedding_length'", ex.Problem);
    }
}
