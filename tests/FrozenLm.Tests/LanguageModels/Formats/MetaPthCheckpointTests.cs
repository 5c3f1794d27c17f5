using System.Text.Json;
using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Checkpoints.Pickle;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels.Formats;

public sealed class MetaPthCheckpointTests
{
    private const string Marker = "/tmp/frozenlm-lm-formats-pwned";

    private sealed record Expected(string Name, string DType, long[] Shape, int Offset, int Length);

    private static List<Expected> ExpectedTensors() =>
        JsonSerializer.Deserialize<List<JsonElement>>(File.ReadAllText(TestPaths.Fixture("lm-formats", "expected.json")))!
            .Select(e => new Expected(e.GetProperty("name").GetString()!, e.GetProperty("dtype").GetString()!,
                e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray(),
                e.GetProperty("offset").GetInt32(), e.GetProperty("length").GetInt32()))
            .ToList();

    [Theory]
    [InlineData("meta-1shard")]
    [InlineData("meta-2shard")]
    public void Given_a_Meta_llama_directory_When_opened_Then_every_tensor_is_bit_exact_under_its_HF_name(string dir)
    {
        using var checkpoint = LmCheckpointLoader.Open(TestPaths.Fixture("lm-formats", dir));
        var expected = ExpectedTensors();
        var blob = File.ReadAllBytes(TestPaths.Fixture("lm-formats", "expected.bin"));
        Assert.Equal("meta-pth", checkpoint.Format);
        Assert.Equal(expected.Select(e => e.Name).Order(StringComparer.Ordinal), checkpoint.Tensors.Names.Order(StringComparer.Ordinal));
        foreach (var e in expected)
        {
            var info = checkpoint.Tensors.Info(e.Name);
            Assert.Equal(e.DType, info.DType);
            Assert.Equal(e.Shape, info.Shape);
            using var t = checkpoint.Tensors.Read(e.Name);
            Assert.Equal(e.Shape, t.shape);
            Assert.True(blob.AsSpan(e.Offset, e.Length).SequenceEqual(t.bytes), $"{e.Name} differs");
        }
    }

    [Fact]
    public void Given_params_json_When_opened_Then_the_config_follows_Meta_FeedForward_sizing()
    {
        using var checkpoint = LmCheckpointLoader.Open(TestPaths.Fixture("lm-formats", "meta-2shard"));
        var c = checkpoint.Config;
        // FFN: int(2 * 4 * 32 / 3) = 85; int(1.3 * 85) = 110; rounded up to a multiple of 16 = 112.
        Assert.Equal(
            ("llama", "llama", 2, 32, 4, 2, 8, 112, 1e-5, "silu", true, "F16"),
            (c.Family.Name, c.ModelType, c.NumLayers, c.HiddenSize, c.NumHeads, c.NumKvHeads, c.HeadDim, c.FfnSize, c.NormEps,
                c.Activation, c.PreNorm, c.StoredDType));
        Assert.False(c.QkvBias || c.OutputBias || c.MlpBias);
    }

    [Theory]
    [InlineData(4096, 256, null, 11008)] // LLaMA-7B
    [InlineData(8192, 4096, 1.3, 28672)] // Llama-2-70B
    [InlineData(4096, 1024, 1.3, 14336)] // Llama-3-8B
    public void Given_published_params_When_sized_Then_FFN_matches_the_released_weights(int dim, int multipleOf, double? multiplier, int ffn)
    {
        var p = new MetaLlamaParams(dim, 1, 32, 8, multipleOf, multiplier, 1e-5);
        Assert.Equal(ffn, p.FfnSize);
    }

    [Fact]
    public void Given_views_with_offsets_strides_and_shared_storage_When_read_Then_values_match_torch()
    {
        using var file = TorchPthFile.Open(TestPaths.Fixture("lm-formats", "strided.pth"));
        var expected = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("lm-formats", "strided.expected.json"))).RootElement;
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name).Order(), file.Tensors.Keys.Order());
        foreach (var property in expected.EnumerateObject())
        {
            using var t = file.Read(file.Tensors[property.Name]);
            Assert.Equal(property.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()), t.shape);
            var want = property.Value.GetProperty("values").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            using var flat = t.to_type(torch.ScalarType.Float64).flatten();
            Assert.Equal(want, flat.data<double>().ToArray());
        }

        Assert.Equal(12, file.Tensors["slice"].StorageOffset);
        Assert.Equal([10L, 3], file.Tensors["slice"].Stride);
        Assert.Same(file.Tensors["base"].Storage.Key, file.Tensors["column"].Storage.Key);
    }

    [Theory]
    [InlineData("evil-system.pth", "refused pickle global 'posix.system'")]
    [InlineData("evil-eval.pth", "refused pickle global '__builtin__.eval'")]
    public void Given_a_pickle_that_calls_code_When_opened_Then_it_is_refused_by_name_and_nothing_runs(string file, string problem)
    {
        File.Delete(Marker);
        var e = Assert.Throws<UserInputException>(() => TorchPthFile.Open(TestPaths.Fixture("lm-formats", file)));
        Assert.Equal(problem, e.Problem);
        Assert.EndsWith(file, e.Subject, StringComparison.Ordinal);
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void Given_an_evil_shard_in_a_Meta_directory_When_loaded_Then_the_loader_reports_the_refused_global()
    {
        var dir = TestPaths.NewTempDir("evil-meta");
        File.Copy(TestPaths.Fixture("lm-formats", "meta-1shard", "params.json"), Path.Combine(dir, "params.json"));
        File.Copy(TestPaths.Fixture("lm-formats", "evil-system.pth"), Path.Combine(dir, "consolidated.00.pth"));
        var e = Assert.Throws<UserInputException>(() => LmCheckpointLoader.Open(dir));
        Assert.Contains("refused pickle global", e.Problem, StringComparison.Ordinal);
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void Given_params_that_disagree_with_the_weights_When_opened_Then_the_mismatch_is_named()
    {
        var dir = TestPaths.NewTempDir("meta-mismatch");
        File.WriteAllText(Path.Combine(dir, "params.json"),
            """{"dim": 32, "n_layers": 2, "n_heads": 4, "n_kv_heads": 2, "multiple_of": 32, "norm_eps": 1e-5, "vocab_size": 64}""");
        File.Copy(TestPaths.Fixture("lm-formats", "meta-1shard", "consolidated.00.pth"), Path.Combine(dir, "consolidated.00.pth"));
        var e = Assert.Throws<UserInputException>(() => LmCheckpointLoader.Open(dir));
        Assert.Contains("mlp.gate_proj.weight", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_q_and_k_rows_permuted_as_HF_conversion_does_When_a_llama_block_runs_Then_outputs_are_unchanged()
    {
        using var checkpoint = LmCheckpointLoader.Open(TestPaths.Fixture("lm-formats", "meta-1shard"));
        using var permuted = new LmCheckpoint
        {
            Config = checkpoint.Config,
            Tensors = new RopePermutedSource(checkpoint.Tensors, checkpoint.Config),
            Format = "meta-pth",
            Source = "permuted",
        };
        using var plain = LmBlockStack.Load(checkpoint, [0, 1], new LmLoadOptions());
        using var hf = LmBlockStack.Load(permuted, [0, 1], new LmLoadOptions());
        using var q0 = checkpoint.Tensors.Read("model.layers.0.self_attn.q_proj.weight");
        using var q1 = permuted.Tensors.Read("model.layers.0.self_attn.q_proj.weight");
        Assert.False(q0.allclose(q1), "the permutation must change the stored rows");

        var generator = new torch.Generator(7);
        using var x = torch.randn([2, 5, 32], generator: generator);
        using var a = plain.forward(x);
        using var b = hf.forward(x);
        var maxAbs = (a - b).abs().max().item<float>();
        Assert.InRange(maxAbs, 0f, 1e-5f); // same math up to float summation order
    }
}
