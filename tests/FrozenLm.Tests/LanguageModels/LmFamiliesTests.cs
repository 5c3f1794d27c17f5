using System.Text.Json;
using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Families;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels;

public sealed class LmFamiliesTests
{
    /// <summary>
    /// A minimal config.json per model_type (hidden 16, 4 heads, 2 layers, FFN 32 where the family has the key) and
    /// what it must bind to: family, FFN width, eps, activation, q/k/v and output bias, pre-norm, and the parameters
    /// of one layer counted by hand from the Hugging Face modules.
    /// </summary>
    private static readonly Dictionary<string, (string Json, string Family, int Ffn, double Eps, string Act, bool Qkv, bool Out, bool Pre, long Params)> Minimal = new()
    {
        // llama, attention_bias: q 16x16, k/v 16x8 (2 kv heads of 4), o 16x16, biases 16+8+8+16; SwiGLU 3*16*32; 2 RMS norms of 16.
        ["llama"] = ("""{"model_type":"llama","num_hidden_layers":2,"hidden_size":16,"num_attention_heads":4,"num_key_value_heads":2,"intermediate_size":32,"attention_bias":true}""",
            "llama", 32, 1e-6, "silu", true, true, true, 256 + 128 + 128 + 256 + 48 + 1536 + 32),
        ["mistral"] = ("""{"model_type":"mistral","num_hidden_layers":2,"hidden_size":16,"num_attention_heads":4,"num_key_value_heads":2,"intermediate_size":32}""",
            "mistral", 32, 1e-6, "silu", false, false, true, 256 + 128 + 128 + 256 + 1536 + 32),
        ["qwen2"] = ("""{"model_type":"qwen2","num_hidden_layers":2,"hidden_size":16,"num_attention_heads":4,"num_key_value_heads":2,"intermediate_size":32}""",
            "qwen2", 32, 1e-6, "silu", true, false, true, 256 + 128 + 128 + 256 + 32 + 1536 + 32),
        // phi3: fused qkv 16->(16+8+8), o 16x16, fused gate_up 16->64, down 32->16, 2 RMS norms of 16; no biases.
        ["phi3"] = ("""{"model_type":"phi3","num_hidden_layers":2,"hidden_size":16,"num_attention_heads":4,"num_key_value_heads":2,"intermediate_size":32}""",
            "phi3", 32, 1e-5, "silu", false, false, true, 512 + 256 + 1024 + 512 + 32),
        // phi3small: per-group fused query_key_value 16->(16+8+8), dense 16x16, interleaved up_proj 16->64, down 32->16, all
        // biased; 2 LayerNorms (weight + bias); gegelu binds as its gate's quick_gelu.
        ["phi3small"] = ("""{"model_type":"phi3small","num_hidden_layers":2,"hidden_size":16,"num_attention_heads":4,"num_key_value_heads":2,"ff_intermediate_size":32}""",
            "phi3small", 32, 1e-5, "quick_gelu", true, true, true, 544 + 272 + 1088 + 528 + 64),
        // gemma, attention_bias: as llama with biases on q/k/v/o; legacy hidden_act is ignored for gelu_pytorch_tanh.
        ["gemma"] = ("""{"model_type":"gemma","num_hidden_layers":2,"hidden_size":16,"num_attention_heads":4,"num_key_value_heads":2,"head_dim":4,"intermediate_size":32,"attention_bias":true,"hidden_act":"gelu"}""",
            "gemma", 32, 1e-6, "gelu_pytorch_tanh", true, true, true, 256 + 128 + 128 + 256 + 48 + 1536 + 32),
        // opt: 4 biased 16x16 projections, fc1 16->32, fc2 32->16 (biased), 2 LayerNorms (weight + bias).
        ["opt"] = ("""{"model_type":"opt","num_hidden_layers":2,"hidden_size":16,"num_attention_heads":4,"ffn_dim":32}""",
            "opt", 32, 1e-5, "relu", true, true, true, 4 * 272 + 544 + 528 + 64),
        // gpt2: c_attn 16->48, c_proj 16->16, c_fc 16->64 (n_inner = 4 * 16), mlp c_proj 64->16, all biased; 2 LayerNorms.
        ["gpt2"] = ("""{"model_type":"gpt2","n_layer":2,"n_embd":16,"n_head":4}""",
            "gpt2", 64, 1e-5, "gelu_new", true, true, true, 816 + 272 + 1088 + 1040 + 64),
        // bert: q/k/v/attention-output 16x16 biased, 2 LayerNorms, intermediate 16->32, output 32->16.
        ["bert"] = ("""{"model_type":"bert","num_hidden_layers":2,"hidden_size":16,"num_attention_heads":4,"intermediate_size":32}""",
            "bert", 32, 1e-12, "gelu", true, true, false, 4 * 272 + 64 + 544 + 528),
        ["roberta"] = ("""{"model_type":"roberta","num_hidden_layers":2,"hidden_size":16,"num_attention_heads":4,"intermediate_size":32,"layer_norm_eps":1e-5}""",
            "bert", 32, 1e-5, "gelu", true, true, false, 4 * 272 + 64 + 544 + 528),
    };

    private static LmConfig Bind(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return HuggingFaceConfig.Bind("config.json", doc.RootElement);
    }

    [Fact]
    public void Given_the_registry_When_listing_model_types_Then_every_one_has_a_minimal_config_in_this_test()
    {
        Assert.Equal(Minimal.Keys.Order(), LmFamilies.ModelTypes.Order());
        Assert.Equal(["llama", "mistral", "qwen2", "phi3", "phi3small", "gemma", "opt", "gpt2", "bert"], LmFamilies.All.Select(f => f.Name));
        Assert.Equal(LmFamilies.All.Count, LmFamilies.All.Select(f => f.Name).Distinct().Count());
    }

    [Fact]
    public void Given_a_minimal_config_of_each_model_type_When_bound_Then_its_family_shape_and_block_follow()
    {
        foreach (var (modelType, e) in Minimal)
        {
            var c = Bind(e.Json);
            Assert.Equal((e.Family, modelType, 2, 16, 4, 4, e.Ffn, e.Eps, e.Act, e.Qkv, e.Out, e.Pre),
                (c.Family.Name, c.ModelType, c.NumLayers, c.HiddenSize, c.NumHeads, c.HeadDim, c.FfnSize, c.NormEps, c.Activation,
                    c.QkvBias, c.OutputBias, c.PreNorm));
            Assert.Same(LmFamilies.ForModelType(modelType), c.Family);
            Assert.Equal(1, c.DefaultLayer);
            Assert.Equal(e.Params, c.Family.ParameterCountPerLayer(c));
            using var block = c.Family.CreateBlock(c, 1, torch.ScalarType.Float32);
            Assert.Equal(e.Params, block.parameters().Sum(p => p.numel()));
            Assert.Equal(c, Bind(HuggingFaceConfig.ToJson(c)));
            var prefix = LmKeyMap.CanonicalPrefix(c.Family, 1);
            Assert.EndsWith(".1.", prefix);
            Assert.Equal(prefix, c.Family.LayerPrefixes(1)[0]);
        }
    }

    [Fact]
    public void Given_an_unknown_model_type_When_bound_Then_the_error_lists_every_registered_family()
    {
        var e = Assert.Throws<UserInputException>(() =>
            Bind("""{"model_type":"t5","num_hidden_layers":2,"hidden_size":16,"num_attention_heads":4}"""));
        Assert.Equal("config.json", e.Subject);
        Assert.StartsWith("model_type 't5' is not supported; supported: ", e.Problem);
        foreach (var type in LmFamilies.All.SelectMany(f => f.ModelTypes))
            Assert.Contains(type, e.Problem);

        var unknown = Assert.Throws<UserInputException>(() => LmFamilies.Get("t5"));
        Assert.Equal("is not a registered LM family; registered: llama, mistral, qwen2, phi3, phi3small, gemma, opt, gpt2, bert", unknown.Problem);
        Assert.Same(BertFamily.Instance, LmFamilies.Get("BERT"));
    }

    [Fact]
    public void Given_each_family_When_asked_for_its_norm_kind_Then_rms_norm_follows_only_the_llama_shaped_ones()
    {
        var rms = Minimal.Where(m => Bind(m.Value.Json).UsesRmsNorm).Select(m => m.Key).Order();
        Assert.Equal(["gemma", "llama", "mistral", "phi3", "qwen2"], rms);
        Assert.Equal([LmNormKind.Rms, LmNormKind.Rms, LmNormKind.Rms, LmNormKind.Rms, LmNormKind.Layer, LmNormKind.Rms, LmNormKind.Layer, LmNormKind.Layer, LmNormKind.Layer],
            LmFamilies.All.Select(f => f.NormKind));
    }
}
