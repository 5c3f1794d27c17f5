using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Families;

namespace FrozenLm.Tests.LanguageModels;

public sealed class Phi3SmallConfigTests
{
    private const string Small = """{"model_type":"phi3small","num_hidden_layers":2,"hidden_size":64,"num_attention_heads":8,"ff_intermediate_size":48""";

    private static LmConfig Bind(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return HuggingFaceConfig.Bind("config.json", doc.RootElement);
    }

    private static string Fails(string json)
    {
        var e = Assert.Throws<UserInputException>(() => Bind(json));
        Assert.Equal("config.json", e.Subject);
        Assert.DoesNotContain('\n', e.Problem);
        return e.Problem;
    }

    [Fact]
    public void Given_a_minimal_config_When_bound_Then_the_remote_code_defaults_apply_mup_scale_gegelu_limit_and_layer_norm()
    {
        var c = Bind(Small + "}");
        Assert.Same(Phi3SmallFamily.Instance, c.Family);
        Assert.Equal((8, 8, 48, 1e-5, "quick_gelu", 20.0, 1.0 / 8), (c.HeadDim, c.NumKvHeads, c.FfnSize, c.NormEps, c.Activation, c.ActivationLimit, c.AttentionScale));
        Assert.Equal((true, true, true, false), (c.QkvBias, c.OutputBias, c.MlpBias, c.UsesRmsNorm));
        Assert.Equal(2.5 / 8, Bind(Small + ""","mup_attn_multiplier":2.5}""").AttentionScale);
        Assert.Null(Bind(Small + ""","mup_use_scaling":false,"mup_attn_multiplier":2.5}""").AttentionScale);
        var ratio = Small.Replace("\"ff_intermediate_size\":48", "\"ff_dim_multiplier\":3");
        Assert.Equal(256, Bind(ratio + "}").FfnSize);
        Assert.Equal(126, Bind(ratio + ""","gegelu_pad_to_256":false}""").FfnSize);
        var written = Bind(Small + ""","num_key_value_heads":2,"gegelu_limit":7.5,"mup_attn_multiplier":2,"layer_norm_epsilon":1e-6}""");
        Assert.Equal(written, Bind(HuggingFaceConfig.ToJson(written)));
        Assert.Contains("\"hidden_act\": \"gegelu\"", HuggingFaceConfig.ToJson(written));
    }

    [Fact]
    public void Given_bad_phi3small_configs_When_bound_Then_one_line_names_config_json_and_the_problem()
    {
        Assert.Equal("hidden_act 'silu' is not supported by phi3small; it must be gegelu", Fails(Small + ""","hidden_act":"silu"}"""));
        Assert.Equal("gegelu_limit 0 must be positive", Fails(Small + ""","gegelu_limit":0}"""));
        Assert.Equal("mup_attn_multiplier -1 must be positive", Fails(Small + ""","mup_attn_multiplier":-1}"""));
        Assert.Equal("'mup_use_scaling' must be true or false", Fails(Small + ""","mup_use_scaling":1}"""));
        Assert.Equal("has no 'ff_intermediate_size' or 'ff_dim_multiplier'", Fails(Small.Replace(",\"ff_intermediate_size\":48", "") + "}"));
        Assert.Equal("has both 'ff_intermediate_size' and 'ff_dim_multiplier'; give one", Fails(Small + ""","ff_dim_multiplier":4}"""));
        Assert.Equal("ff_dim_multiplier 0.25 gives a non-integral FFN width 10.5",
            Fails(Small.Replace("\"ff_intermediate_size\":48", "\"ff_dim_multiplier\":0.25") + "}"));
        Assert.Equal("hidden size 60 is not divisible by 8 heads", Fails(Small.Replace("\"hidden_size\":64", "\"hidden_size\":60") + "}"));
        Assert.Equal("num_attention_heads 6 is not a multiple of num_key_value_heads 8",
            Fails(Small.Replace("\"num_attention_heads\":8", "\"num_attention_heads\":6") + "}"));
        Assert.Equal("num_attention_heads 8 is not a multiple of num_key_value_heads 3", Fails(Small + ""","num_key_value_heads":3}"""));
    }

    [Fact]
    public void Given_a_config_whose_kv_heads_disagree_with_the_weights_When_loading_Then_the_fused_tensor_and_both_shapes_are_named()
    {
        var dir = TestPaths.NewTempDir("lm-phi3small");
        foreach (var file in Directory.GetFiles(LmFixtures.Dir("phi3small")))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        var path = Path.Combine(dir, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        config["num_key_value_heads"] = 6;
        File.WriteAllText(path, config.ToJsonString());
        var e = Assert.Throws<UserInputException>(() => LmBlockStack.Load(dir, [1], new LmLoadOptions()));
        Assert.Equal("tensor 'model.layers.1.self_attn.query_key_value.weight' has shape [80, 48] but the config implies [144, 48]", e.Problem);
    }
}
