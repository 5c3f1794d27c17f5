using FrozenLm.LanguageModels;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels;

public sealed class LmBlockParityTests
{
    private const double Tolerance = 1e-4;

    private static bool Same(torch.Tensor a, torch.Tensor b) => a.shape.SequenceEqual(b.shape) && a.allclose(b, 0, 0);

    public static TheoryData<string> Families() => new(LmFixtures.Families);

    [Theory]
    [MemberData(nameof(Families))]
    public void Given_a_family_fixture_When_each_layer_runs_alone_Then_it_matches_the_reference_within_1e4(string family)
    {
        using var scope = torch.NewDisposeScope();
        var config = LmBlockStack.ReadConfig(LmFixtures.Dir(family));
        var hidden = LmFixtures.Io(family, "hidden");
        for (var layer = 0; layer < config.NumLayers; layer++)
        {
            using var stack = LmBlockStack.Load(LmFixtures.Dir(family), [layer], new LmLoadOptions());
            using var noGrad = torch.no_grad();
            var err = LmFixtures.MaxAbs(stack.forward(hidden), LmFixtures.Io(family, $"out.layer{layer}"));
            Assert.True(err <= Tolerance, $"{family} layer {layer}: max abs error {err:E2} > {Tolerance:E0}");
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Given_all_layers_with_final_norm_When_run_Then_both_outputs_match_the_reference(string family)
    {
        using var scope = torch.NewDisposeScope();
        var config = LmBlockStack.ReadConfig(LmFixtures.Dir(family));
        var layers = Enumerable.Range(0, config.NumLayers).ToArray();
        var hidden = LmFixtures.Io(family, "hidden");
        using var plain = LmBlockStack.Load(LmFixtures.Dir(family), layers, new LmLoadOptions());
        using var normed = LmBlockStack.Load(LmFixtures.Dir(family), layers, new LmLoadOptions { FinalNorm = true });
        using var noGrad = torch.no_grad();
        var err = LmFixtures.MaxAbs(plain.forward(hidden), LmFixtures.Io(family, "out.all"));
        var errNorm = LmFixtures.MaxAbs(normed.forward(hidden), LmFixtures.Io(family, "out.all_final_norm"));
        Assert.True(err <= Tolerance, $"{family} all layers: max abs error {err:E2}");
        Assert.True(errNorm <= Tolerance, $"{family} all layers + final norm: max abs error {errNorm:E2}");
        Assert.Equal(plain.ParameterCount, normed.ParameterCount);
        Assert.Equal(config.NumLayers * config.Family.ParameterCountPerLayer(config), plain.ParameterCount);
    }

    [Fact]
    public void Given_bf16_storage_When_run_Then_it_stays_close_to_fp32_and_halves_the_weight_bytes()
    {
        using var scope = torch.NewDisposeScope();
        var hidden = LmFixtures.Io("llama", "hidden");
        using var f32 = LmBlockStack.Load(LmFixtures.Dir("llama"), [1], new LmLoadOptions());
        using var bf16 = LmBlockStack.Load(LmFixtures.Dir("llama"), [1], new LmLoadOptions { StorageDType = "BF16" });
        Assert.All(bf16.parameters(), p => Assert.Equal(torch.ScalarType.BFloat16, p.dtype));
        using var noGrad = torch.no_grad();
        var a = f32.forward(hidden);
        var b = bf16.forward(hidden);
        Assert.Equal(torch.ScalarType.Float32, b.dtype);
        var err = LmFixtures.MaxAbs(a, b);
        var scale = a.abs().max().item<float>();
        Assert.True(err <= 0.02 * scale, $"bf16 storage: max abs error {err:E2} vs output scale {scale:F2}");
        Assert.True(err > 0, "bf16 storage should round the weights");
    }

    [Fact]
    public void Given_a_frozen_stack_When_backpropagating_Then_the_input_gets_a_gradient_and_no_parameter_does()
    {
        using var scope = torch.NewDisposeScope();
        using var stack = LmBlockStack.Load(LmFixtures.Dir("qwen2"), [0, 1], new LmLoadOptions { FinalNorm = true });
        var before = stack.parameters().Select(p => p.detach().clone()).ToList();
        stack.Freeze();
        var hidden = LmFixtures.Io("qwen2", "hidden").requires_grad_(true);
        stack.forward(hidden).pow(2).sum().backward();
        Assert.NotNull(hidden.grad);
        Assert.True(hidden.grad!.abs().sum().item<float>() > 0, "gradient must flow to the input");
        Assert.All(stack.parameters(), p => Assert.False(p.requires_grad));
        Assert.All(stack.parameters(), p => Assert.Null(p.grad));
        var after = stack.parameters().ToList();
        for (var i = 0; i < before.Count; i++)
            Assert.True(Same(before[i], after[i]), $"parameter {i} changed");
    }

    [Fact]
    public void Given_capture_When_run_Then_attn_ffn_and_row_stochastic_probs_are_reported_and_match_the_fast_path()
    {
        using var scope = torch.NewDisposeScope();
        using var stack = LmBlockStack.Load(LmFixtures.Dir("mistral"), [0], new LmLoadOptions());
        var hidden = LmFixtures.Io("mistral", "hidden");
        using var noGrad = torch.no_grad();
        var fast = stack.forward(hidden);
        var captured = new Dictionary<string, torch.Tensor>();
        stack.Blocks[0].Capture = (name, t) => captured[name] = t;
        var slow = stack.forward(hidden);
        Assert.Equal(new long[] { 2, 4, 5, 5 }, captured["attn_probs"].shape);
        Assert.True(LmFixtures.MaxAbs(captured["attn_probs"].sum(-1), torch.ones(2, 4, 5)) < 1e-5);
        Assert.True(Same(captured["ffn"], slow));
        Assert.Equal(hidden.shape, captured["attn"].shape);
        var err = LmFixtures.MaxAbs(fast, slow);
        Assert.True(err <= 1e-5, $"scaled_dot_product_attention vs explicit softmax: max abs error {err:E2}");
        foreach (var t in captured.Values)
            t.Dispose();
    }

    [Fact]
    public void Given_the_same_seed_When_creating_random_stacks_Then_weights_are_equal_and_follow_hf_init()
    {
        using var scope = torch.NewDisposeScope();
        var config = LmBlockStack.ReadConfig(LmFixtures.Dir("opt_pre"));
        using var a = LmBlockStack.CreateRandom(config, [1], new LmLoadOptions(), 7);
        using var b = LmBlockStack.CreateRandom(config, [1], new LmLoadOptions(), 7);
        using var c = LmBlockStack.CreateRandom(config, [1], new LmLoadOptions(), 8);
        Assert.Equal("random:7", a.Checksum);
        var pa = a.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var pb = b.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.All(pa, kv => Assert.True(Same(kv.Value, pb[kv.Key])));
        Assert.False(Same(pa["layers.0.fc1.weight"], c.named_parameters().First(p => p.name == "layers.0.fc1.weight").parameter));
        var std = pa["layers.0.fc1.weight"].std().item<float>();
        Assert.InRange(std, 0.018, 0.022);
        Assert.True(Same(pa["layers.0.final_layer_norm.weight"], torch.ones(32)));
        Assert.True(Same(pa["layers.0.fc1.bias"], torch.zeros(64)));
    }

    [Fact]
    public void Given_each_family_When_listing_state_dict_keys_Then_they_are_hugging_face_names_under_layers_0()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["llama"] = ["layers.0.self_attn.q_proj.weight", "layers.0.mlp.gate_proj.weight", "layers.0.input_layernorm.weight", "layers.0.post_attention_layernorm.weight"],
            ["qwen2"] = ["layers.0.self_attn.k_proj.bias", "layers.0.self_attn.o_proj.weight"],
            ["opt_pre"] = ["layers.0.self_attn.out_proj.bias", "layers.0.self_attn_layer_norm.weight", "layers.0.fc1.weight", "layers.0.final_layer_norm.bias"],
            ["gpt2"] = ["layers.0.attn.c_attn.weight", "layers.0.ln_1.weight", "layers.0.mlp.c_proj.bias"],
            ["bert"] = ["layers.0.attention.self.query.weight", "layers.0.attention.output.dense.weight", "layers.0.attention.output.LayerNorm.weight", "layers.0.intermediate.dense.weight", "layers.0.output.dense.bias", "layers.0.output.LayerNorm.bias"],
        };
        foreach (var (family, keys) in expected)
        {
            var config = LmBlockStack.ReadConfig(LmFixtures.Dir(family));
            using var stack = LmBlockStack.CreateRandom(config, [0], new LmLoadOptions { FinalNorm = true }, 1);
            var names = stack.state_dict().Keys.ToHashSet();
            Assert.All(keys, k => Assert.Contains(k, names));
            Assert.DoesNotContain(names, n => n.StartsWith("final_norm", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Given_a_key_mask_hiding_the_last_tokens_When_run_Then_the_others_equal_a_run_without_those_tokens()
    {
        using var scope = torch.NewDisposeScope();
        using var stack = LmBlockStack.Load(LmFixtures.Dir("qwen2"), [0], new LmLoadOptions());
        var block = (LlamaBlock)stack.Blocks[0];
        var hidden = LmFixtures.Io("qwen2", "hidden");
        var mask = torch.tensor(new[] { true, true, true, false, false }).unsqueeze(0).expand(2, 5);
        using var noGrad = torch.no_grad();
        var masked = block.forward(hidden, mask).narrow(1, 0, 3);
        var truncated = block.forward(hidden.narrow(1, 0, 3).contiguous());
        var err = LmFixtures.MaxAbs(masked, truncated);
        Assert.True(err <= 1e-5, $"masked vs truncated: max abs error {err:E2}");
        Assert.True(LmFixtures.MaxAbs(block.forward(hidden).narrow(1, 0, 3), truncated) > 1e-3, "without the mask all tokens mix");
    }
}
