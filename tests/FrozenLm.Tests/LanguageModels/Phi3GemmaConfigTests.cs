using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Families;
using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels;

public sealed class Phi3GemmaConfigTests
{
    private const string Phi3 = """{"model_type":"phi3","num_hidden_layers":2,"hidden_size":32,"num_attention_heads":4,"intermediate_size":48""";
    private const string Gemma = """{"model_type":"gemma","num_hidden_layers":2,"hidden_size":24,"num_attention_heads":4,"intermediate_size":40""";

    private static LmConfig Bind(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return HuggingFaceConfig.Bind("config.json", doc.RootElement);
    }

    private static UserInputException Fails(string json)
    {
        var e = Assert.Throws<UserInputException>(() => Bind(json));
        Assert.Equal("config.json", e.Subject);
        Assert.DoesNotContain('\n', e.Problem);
        return e;
    }

    [Fact]
    public void Given_phi3_without_head_dim_or_kv_heads_When_bound_Then_hf_defaults_apply()
    {
        var c = Bind(Phi3 + "}");
        Assert.Same(Phi3Family.Instance, c.Family);
        Assert.Equal((8, 4, 1e-5, "silu", false, false, false), (c.HeadDim, c.NumKvHeads, c.NormEps, c.Activation, c.QkvBias, c.OutputBias, c.MlpBias));
        Assert.Equal(12, Bind(Phi3 + ""","head_dim":12}""").HeadDim);
    }

    [Fact]
    public void Given_gemma_When_bound_Then_head_dim_defaults_to_256_and_hidden_activation_overrides_the_legacy_hidden_act()
    {
        var c = Bind(Gemma + ""","hidden_act":"gelu"}""");
        Assert.Same(GemmaFamily.Instance, c.Family);
        Assert.Equal((256, 4, 1e-6, "gelu_pytorch_tanh", false, false), (c.HeadDim, c.NumKvHeads, c.NormEps, c.Activation, c.QkvBias, c.OutputBias));
        Assert.Equal("gelu", Bind(Gemma + ""","hidden_activation":"gelu","head_dim":16}""").Activation);
        Assert.True(c.UsesRmsNorm);
    }

    [Fact]
    public void Given_inconsistent_head_sizes_When_bound_Then_one_line_names_config_json_and_the_sizes()
    {
        Assert.Equal("hidden_size 30 is not divisible by num_attention_heads 4 and there is no head_dim",
            Fails(Phi3.Replace("\"hidden_size\":32", "\"hidden_size\":30") + "}").Problem);
        Assert.Equal("num_attention_heads 4 is not a multiple of num_key_value_heads 3",
            Fails(Gemma + ""","num_key_value_heads":3,"head_dim":16}""").Problem);
        Assert.Equal("num_attention_heads 4 is not a multiple of num_key_value_heads 3",
            Fails(Phi3 + ""","num_key_value_heads":3}""").Problem);
        Assert.Equal("layer count, sizes and head counts must be positive", Fails(Gemma + ""","head_dim":0}""").Problem);
        Assert.Equal("'head_dim' must be an integer", Fails(Gemma + ""","head_dim":"16"}""").Problem);
    }

    [Fact]
    public void Given_missing_keys_or_an_unknown_activation_When_bound_Then_one_line_names_the_key()
    {
        Assert.Equal("has no 'intermediate_size'", Fails(Phi3.Replace(",\"intermediate_size\":48", "") + "}").Problem);
        Assert.Equal("has no 'num_attention_heads'", Fails(Gemma.Replace(",\"num_attention_heads\":4", "") + "}").Problem);
        Assert.StartsWith("activation 'gelu_pytorch' is not supported; supported: ",
            Fails(Gemma + ""","hidden_activation":"gelu_pytorch"}""").Problem);
    }

    [Fact]
    public void Given_a_config_whose_head_dim_disagrees_with_the_weights_When_loading_Then_the_tensor_and_both_shapes_are_named()
    {
        var dir = CopyFixture("gemma");
        EditConfig(dir, c => c["head_dim"] = 8);
        var e = Assert.Throws<UserInputException>(() => LmBlockStack.Load(dir, [0], new LmLoadOptions()));
        Assert.Equal("tensor 'model.layers.0.self_attn.q_proj.weight' has shape [64, 24] but the config implies [32, 24]", e.Problem);

        var phi3 = CopyFixture("phi3");
        EditConfig(phi3, c => c["num_key_value_heads"] = 4);
        var f = Assert.Throws<UserInputException>(() => LmBlockStack.Load(phi3, [1], new LmLoadOptions()));
        Assert.Equal("tensor 'model.layers.1.self_attn.qkv_proj.weight' has shape [64, 32] but the config implies [96, 32]", f.Problem);
    }

    [Fact]
    public void Given_a_checkpoint_missing_a_tensor_fused_or_not_When_loading_that_layer_Then_the_missing_name_is_given()
    {
        var dir = CopyFixture("gemma");
        var path = Path.Combine(dir, "model.safetensors");
        var kept = new List<KeyValuePair<string, torch.Tensor>>();
        using (var file = SafetensorsFile.Open(path))
            kept.AddRange(file.Names.Where(n => n != "model.layers.1.mlp.up_proj.weight").Select(n => new KeyValuePair<string, torch.Tensor>(n, file.Read(n))));
        SafetensorsWriter.Write(path, kept);
        using (LmBlockStack.Load(dir, [0], new LmLoadOptions()))
        {
        }
        var e = Assert.Throws<UserInputException>(() => LmBlockStack.Load(dir, [1], new LmLoadOptions()));
        Assert.Equal("tensor 'model.layers.1.mlp.up_proj.weight' for layer 1 is missing", e.Problem);

        var phi3 = CopyFixture("phi3");
        var index = Path.Combine(phi3, "model.safetensors.index.json");
        var json = JsonNode.Parse(File.ReadAllText(index))!;
        Assert.True(json["weight_map"]!.AsObject().Remove("model.layers.2.mlp.gate_up_proj.weight"));
        File.WriteAllText(index, json.ToJsonString());
        var f = Assert.Throws<UserInputException>(() => LmBlockStack.Load(phi3, [2], new LmLoadOptions()));
        Assert.Equal("tensor 'model.layers.2.mlp.gate_up_proj.weight' for layer 2 is missing", f.Problem);
    }

    private static string CopyFixture(string family)
    {
        var dir = TestPaths.NewTempDir("lm-" + family);
        foreach (var file in Directory.GetFiles(LmFixtures.Dir(family)))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        return dir;
    }

    private static void EditConfig(string dir, Action<JsonNode> edit)
    {
        var path = Path.Combine(dir, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        edit(config);
        File.WriteAllText(path, config.ToJsonString());
    }
}
