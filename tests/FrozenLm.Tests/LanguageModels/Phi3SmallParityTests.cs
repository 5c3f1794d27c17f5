using System.Text.Json.Nodes;
using FrozenLm.LanguageModels;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels;

/// <summary>
/// phi3small specifics against its fixtures (tests/fixtures/lm/make_phi3small_fixtures.py: float64 references of modeling_phi3_small.py
/// without mask, rotary embedding or block-sparse pattern; the per-layer parity runs in Phi3GemmaParityTests): max abs error 1e-5.
/// </summary>
public sealed class Phi3SmallParityTests
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void Given_bf16_weights_with_bf16_storage_When_run_Then_weights_are_bf16_and_the_output_still_matches()
    {
        using var scope = torch.NewDisposeScope();
        using var stack = LmBlockStack.Load(LmFixtures.Dir("phi3small_bf16"), [0, 1], new LmLoadOptions { StorageDType = "BF16" });
        Assert.All(stack.parameters(), p => Assert.Equal(torch.ScalarType.BFloat16, p.dtype));
        using var noGrad = torch.no_grad();
        var output = stack.forward(LmFixtures.Io("phi3small_bf16", "hidden"));
        Assert.Equal(torch.ScalarType.Float32, output.dtype);
        var err = LmFixtures.MaxAbs(output, LmFixtures.Io("phi3small_bf16", "out.all"));
        Assert.True(err <= Tolerance, $"phi3small bf16 storage of bf16 weights: max abs error {err:E2}");
    }

    [Theory]
    [InlineData("mup_attn_multiplier", 1.0)]
    [InlineData("mup_use_scaling", false)]
    [InlineData("gegelu_limit", 1000.0)]
    public void Given_the_config_scale_or_clamp_changed_When_run_Then_the_output_leaves_the_reference(string key, object value)
    {
        using var scope = torch.NewDisposeScope();
        var dir = TestPaths.NewTempDir("phi3small-" + key);
        foreach (var file in Directory.GetFiles(LmFixtures.Dir("phi3small")))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        var path = Path.Combine(dir, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        config[key] = value is bool b ? JsonValue.Create(b) : JsonValue.Create((double)value);
        File.WriteAllText(path, config.ToJsonString());
        using var stack = LmBlockStack.Load(dir, [0], new LmLoadOptions());
        using var noGrad = torch.no_grad();
        var err = LmFixtures.MaxAbs(stack.forward(LmFixtures.Io("phi3small", "hidden")), LmFixtures.Io("phi3small", "out.layer0"));
        Assert.True(err > 1e-3, $"{key} = {value} should change layer 0's output, max abs difference {err:E2}");
    }

    [Fact]
    public void Given_capture_and_a_key_mask_When_run_Then_the_explicit_path_matches_and_hidden_tokens_are_ignored()
    {
        using var scope = torch.NewDisposeScope();
        using var stack = LmBlockStack.Load(LmFixtures.Dir("phi3small"), [0], new LmLoadOptions());
        var block = Assert.IsType<Phi3SmallBlock>(stack.Blocks[0]);
        var hidden = LmFixtures.Io("phi3small", "hidden");
        using var noGrad = torch.no_grad();
        var fast = block.forward(hidden);
        var captured = new Dictionary<string, torch.Tensor>();
        block.Capture = (name, t) => captured[name] = t;
        var slow = block.forward(hidden);
        block.Capture = null;
        Assert.Equal(new long[] { 2, 6, 5, 5 }, captured["attn_probs"].shape);
        Assert.True(LmFixtures.MaxAbs(fast, slow) <= 1e-5, "scaled_dot_product_attention vs explicit softmax");
        Assert.Equal(0.0, LmFixtures.MaxAbs(captured["ffn"], slow));

        var mask = torch.tensor(new[] { true, true, true, false, false }).unsqueeze(0).expand(2, 5);
        var masked = block.forward(hidden, mask);
        var truncated = block.forward(hidden.narrow(1, 0, 3).contiguous());
        var err = LmFixtures.MaxAbs(masked.narrow(1, 0, 3), truncated);
        Assert.True(err <= 1e-5, $"phi3small masked vs truncated: max abs error {err:E2}");
        Assert.True(LmFixtures.MaxAbs(fast.narrow(1, 0, 3), truncated) > 1e-3, "without the mask all tokens mix");
    }

    [Fact]
    public void Given_a_random_block_When_listing_state_dict_keys_Then_they_are_the_hugging_face_names_with_hf_init()
    {
        using var scope = torch.NewDisposeScope();
        var config = LmBlockStack.ReadConfig(LmFixtures.Dir("phi3small"));
        using var stack = LmBlockStack.CreateRandom(config, [0], new LmLoadOptions(), 3);
        string[] modules = ["self_attn.query_key_value", "self_attn.dense", "mlp.up_proj", "mlp.down_proj", "input_layernorm", "post_attention_layernorm"];
        Assert.Equal(modules.SelectMany(m => new[] { $"layers.0.{m}.weight", $"layers.0.{m}.bias" }).Order(), stack.state_dict().Keys.Order());
        var p = stack.named_parameters().ToDictionary(n => n.name, n => n.parameter);
        Assert.Equal(new long[] { (6 + 2 * 2) * 8, 48 }, p["layers.0.self_attn.query_key_value.weight"].shape);
        Assert.Equal(new long[] { 80, 48 }, p["layers.0.mlp.up_proj.weight"].shape);
        Assert.Equal(1f, p["layers.0.input_layernorm.weight"].min().item<float>());
        Assert.Equal(0f, p["layers.0.input_layernorm.bias"].abs().max().item<float>());
        Assert.InRange(p["layers.0.mlp.up_proj.weight"].std().item<float>(), 0.017, 0.023);
    }
}
