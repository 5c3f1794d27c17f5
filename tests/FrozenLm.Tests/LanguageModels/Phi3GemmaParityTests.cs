using FrozenLm.LanguageModels;
using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels;

/// <summary>
/// The phi3 and gemma fixtures (tests/fixtures/lm/make_phi3_gemma_fixtures.py: float64 references of the Hugging Face
/// formulas without mask or rotary embedding) against the F32 blocks: max abs error 1e-5.
/// </summary>
public sealed class Phi3GemmaParityTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> Families() => new("phi3", "gemma");

    /// <summary>Every fixture of the newer families with the block class its config must build (phi3small's from make_phi3small_fixtures.py).</summary>
    public static TheoryData<string, Type> Fixtures() => new()
    {
        { "phi3", typeof(Phi3Block) },
        { "gemma", typeof(GemmaBlock) },
        { "phi3small", typeof(Phi3SmallBlock) },
        { "phi3small_bf16", typeof(Phi3SmallBlock) },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Given_a_fixture_When_each_layer_runs_alone_Then_it_matches_the_float64_reference_within_1e5(string family, Type block)
    {
        using var scope = torch.NewDisposeScope();
        var config = LmBlockStack.ReadConfig(LmFixtures.Dir(family));
        var hidden = LmFixtures.Io(family, "hidden");
        for (var layer = 0; layer < config.NumLayers; layer++)
        {
            using var stack = LmBlockStack.Load(LmFixtures.Dir(family), [layer], new LmLoadOptions());
            Assert.IsType(block, stack.Blocks[0]);
            using var noGrad = torch.no_grad();
            var err = LmFixtures.MaxAbs(stack.forward(hidden), LmFixtures.Io(family, $"out.layer{layer}"));
            Assert.True(err <= Tolerance, $"{family} layer {layer}: max abs error {err:E2} > {Tolerance:E0}");
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Given_all_layers_with_and_without_final_norm_When_run_Then_both_match_and_the_count_is_the_familys(string family, Type block)
    {
        using var scope = torch.NewDisposeScope();
        var config = LmBlockStack.ReadConfig(LmFixtures.Dir(family));
        var layers = Enumerable.Range(0, config.NumLayers).ToArray();
        var hidden = LmFixtures.Io(family, "hidden");
        using var plain = LmBlockStack.Load(LmFixtures.Dir(family), layers, new LmLoadOptions());
        using var normed = LmBlockStack.Load(LmFixtures.Dir(family), layers, new LmLoadOptions { FinalNorm = true });
        Assert.All(plain.Blocks, b => Assert.IsType(block, b));
        using var noGrad = torch.no_grad();
        var err = LmFixtures.MaxAbs(plain.forward(hidden), LmFixtures.Io(family, "out.all"));
        var errNorm = LmFixtures.MaxAbs(normed.forward(hidden), LmFixtures.Io(family, "out.all_final_norm"));
        Assert.True(err <= Tolerance, $"{family} all layers: max abs error {err:E2}");
        Assert.True(errNorm <= Tolerance, $"{family} all layers + final norm: max abs error {errNorm:E2}");
        Assert.Equal(config.NumLayers * config.Family.ParameterCountPerLayer(config), plain.ParameterCount);
    }

    [Fact]
    public void Given_the_sharded_phi3_fixture_When_merged_into_one_file_Then_format_differs_but_checksum_and_output_do_not()
    {
        using var scope = torch.NewDisposeScope();
        var merged = TestPaths.NewTempDir("phi3-merged");
        File.Copy(Path.Combine(LmFixtures.Dir("phi3"), "config.json"), Path.Combine(merged, "config.json"));
        var tensors = new List<KeyValuePair<string, torch.Tensor>>();
        foreach (var shard in Directory.GetFiles(LmFixtures.Dir("phi3"), "model-*.safetensors").Order())
        {
            using var file = SafetensorsFile.Open(shard);
            tensors.AddRange(file.Names.Select(n => new KeyValuePair<string, torch.Tensor>(n, file.Read(n))));
        }
        SafetensorsWriter.Write(Path.Combine(merged, "model.safetensors"), tensors);

        var hidden = LmFixtures.Io("phi3", "hidden");
        using var sharded = LmBlockStack.Load(LmFixtures.Dir("phi3"), [0, 1, 2], new LmLoadOptions());
        using var single = LmBlockStack.Load(merged, [0, 1, 2], new LmLoadOptions());
        Assert.Equal(("safetensors-sharded", "safetensors"), (sharded.Format, single.Format));
        Assert.Equal(sharded.Checksum, single.Checksum);
        using var noGrad = torch.no_grad();
        Assert.Equal(0.0, LmFixtures.MaxAbs(sharded.forward(hidden), single.forward(hidden)));
    }

    [Fact]
    public void Given_gemma_with_bf16_storage_When_run_Then_weights_are_bf16_and_the_output_still_matches()
    {
        using var scope = torch.NewDisposeScope();
        using var stack = LmBlockStack.Load(LmFixtures.Dir("gemma"), [0, 1], new LmLoadOptions { StorageDType = "BF16" });
        Assert.All(stack.parameters(), p => Assert.Equal(torch.ScalarType.BFloat16, p.dtype));
        using var noGrad = torch.no_grad();
        var output = stack.forward(LmFixtures.Io("gemma", "hidden"));
        Assert.Equal(torch.ScalarType.Float32, output.dtype);
        var err = LmFixtures.MaxAbs(output, LmFixtures.Io("gemma", "out.all"));
        Assert.True(err <= Tolerance, $"gemma bf16 storage of bf16 weights: max abs error {err:E2}");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Given_capture_and_a_key_mask_When_run_Then_the_explicit_path_matches_and_hidden_tokens_are_ignored(string family)
    {
        using var scope = torch.NewDisposeScope();
        using var stack = LmBlockStack.Load(LmFixtures.Dir(family), [0], new LmLoadOptions());
        var block = stack.Blocks[0];
        var hidden = LmFixtures.Io(family, "hidden");
        var heads = block.Config.NumHeads;
        using var noGrad = torch.no_grad();
        var fast = block.forward(hidden);
        var captured = new Dictionary<string, torch.Tensor>();
        block.Capture = (name, t) => captured[name] = t;
        var slow = block.forward(hidden);
        block.Capture = null;
        Assert.Equal(new long[] { 2, heads, 5, 5 }, captured["attn_probs"].shape);
        Assert.True(LmFixtures.MaxAbs(fast, slow) <= 1e-5, "scaled_dot_product_attention vs explicit softmax");
        Assert.Equal(0.0, LmFixtures.MaxAbs(captured["ffn"], slow));

        var mask = torch.tensor(new[] { true, true, true, false, false }).unsqueeze(0).expand(2, 5);
        var masked = family == "phi3" ? ((Phi3Block)block).forward(hidden, mask) : ((GemmaBlock)block).forward(hidden, mask);
        var truncated = block.forward(hidden.narrow(1, 0, 3).contiguous());
        var err = LmFixtures.MaxAbs(masked.narrow(1, 0, 3), truncated);
        Assert.True(err <= 1e-5, $"{family} masked vs truncated: max abs error {err:E2}");
        Assert.True(LmFixtures.MaxAbs(fast.narrow(1, 0, 3), truncated) > 1e-3, "without the mask all tokens mix");
    }

    [Fact]
    public void Given_each_family_When_listing_state_dict_keys_Then_they_are_the_hugging_face_names()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["phi3"] = ["self_attn.qkv_proj.weight", "self_attn.o_proj.weight", "mlp.gate_up_proj.weight", "mlp.down_proj.weight",
                "input_layernorm.weight", "post_attention_layernorm.weight"],
            ["gemma"] = ["self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight", "self_attn.o_proj.weight",
                "mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight", "input_layernorm.weight", "post_attention_layernorm.weight"],
        };
        foreach (var (family, keys) in expected)
        {
            var config = LmBlockStack.ReadConfig(LmFixtures.Dir(family));
            using var stack = LmBlockStack.CreateRandom(config, [0], new LmLoadOptions(), 1);
            Assert.Equal(keys.Select(k => "layers.0." + k).Order(), stack.state_dict().Keys.Order());
        }
    }

    [Fact]
    public void Given_random_blocks_When_created_Then_norm_weights_follow_hf_init_one_for_phi3_zero_for_gemma()
    {
        using var scope = torch.NewDisposeScope();
        float Norm(string family) =>
            LmBlockStack.CreateRandom(LmBlockStack.ReadConfig(LmFixtures.Dir(family)), [0], new LmLoadOptions(), 3)
                .named_parameters().Single(p => p.name == "layers.0.input_layernorm.weight").parameter.abs().max().item<float>();
        Assert.Equal(1f, Norm("phi3"));
        Assert.Equal(0f, Norm("gemma"));
        var config = LmBlockStack.ReadConfig(LmFixtures.Dir("gemma"));
        using var random = LmBlockStack.CreateRandom(config, [0], new LmLoadOptions(), 3);
        var q = random.named_parameters().Single(p => p.name == "layers.0.self_attn.q_proj.weight").parameter;
        Assert.Equal(new long[] { 64, 24 }, q.shape);
        Assert.InRange(q.std().item<float>(), 0.017, 0.023);
    }
}
