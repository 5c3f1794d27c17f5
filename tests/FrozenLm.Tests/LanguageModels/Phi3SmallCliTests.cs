using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.Tensors;
using FrozenLm.Tests.Cli;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class Phi3SmallCliTests
{
    [Fact]
    public void Given_the_phi3small_fixture_When_inspect_json_Then_family_shape_format_and_counts_are_reported()
    {
        var (code, output, err) = CliRunner.Run("lm", "inspect", "--model", LmFixtures.Dir("phi3small"), "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var r = doc.RootElement;
        Assert.Equal(("phi3small", "phi3small", "safetensors-sharded", "F32", "quick_gelu"), (r.GetProperty("architecture").GetString(),
            r.GetProperty("model_type").GetString(), r.GetProperty("format").GetString(), r.GetProperty("dtype").GetString(),
            r.GetProperty("activation").GetString()));
        Assert.Equal((3, 48, 6, 2, 8, 40), (r.GetProperty("num_layers").GetInt32(), r.GetProperty("hidden_size").GetInt32(),
            r.GetProperty("num_heads").GetInt32(), r.GetProperty("num_kv_heads").GetInt32(), r.GetProperty("head_dim").GetInt32(),
            r.GetProperty("ffn_size").GetInt32()));
        // query_key_value 48 -> (6 + 2*2) * 8, dense 48 -> 48, up_proj 48 -> 80, down_proj 40 -> 48, all biased; two LayerNorms of 48.
        Assert.Equal(49L * 80 + 49 * 48 + 49 * 80 + 41 * 48 + 4 * 48, r.GetProperty("params_per_layer").GetInt64());
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_extract_of_one_layer_When_run_from_the_extracted_dir_Then_it_equals_the_original_and_the_reference()
    {
        using var scope = torch.NewDisposeScope();
        var dir = TestPaths.NewTempDir("cli-phi3small");
        var input = Path.Combine(LmFixtures.Dir("phi3small"), "io.safetensors");
        var extracted = Path.Combine(dir, "extracted");
        var (a, b) = (Path.Combine(dir, "a.safetensors"), Path.Combine(dir, "b.safetensors"));
        Assert.Equal(0, CliRunner.Run("lm", "run", "--model", LmFixtures.Dir("phi3small"), "--layers", "1", "--input", input, "--output", a).Code);
        var (code, _, err) = CliRunner.Run("lm", "extract", "--model", LmFixtures.Dir("phi3small"), "--layers", "1", "--out", extracted);
        Assert.True(code == 0, err);
        Assert.Equal(0, CliRunner.Run("lm", "run", "--model", extracted, "--layers", "1", "--input", input, "--output", b).Code);
        using var fa = SafetensorsFile.Open(a);
        using var fb = SafetensorsFile.Open(b);
        Assert.Equal(0.0, LmFixtures.MaxAbs(fa.Read("hidden"), fb.Read("hidden")));
        var refErr = LmFixtures.MaxAbs(fa.Read("hidden"), LmFixtures.Io("phi3small", "out.layer1"));
        Assert.True(refErr <= 1e-5, $"phi3small lm run vs reference: max abs error {refErr:E2}");
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(extracted, "config.json")))!;
        Assert.Equal(("phi3small", "gegelu", 2.0, 3.0), (config["model_type"]!.GetValue<string>(), config["hidden_act"]!.GetValue<string>(),
            config["mup_attn_multiplier"]!.GetValue<double>(), config["gegelu_limit"]!.GetValue<double>()));
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_a_phi3small_config_with_another_activation_When_inspected_Then_exit_2_with_one_line_naming_config_json()
    {
        var dir = TestPaths.NewTempDir("cli-phi3small-bad");
        foreach (var file in Directory.GetFiles(LmFixtures.Dir("phi3small")))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        var path = Path.Combine(dir, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        config["hidden_act"] = "gelu";
        File.WriteAllText(path, config.ToJsonString());
        var (code, _, err) = CliRunner.Run("lm", "inspect", "--model", dir);
        Assert.Equal(2, code);
        Assert.Equal($"error: {path}: hidden_act 'gelu' is not supported by phi3small; it must be gegelu", err.Trim());
        Runtime.TorchRuntimeReset.AllCores();
    }
}
