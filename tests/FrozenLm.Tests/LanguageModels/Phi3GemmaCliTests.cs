using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.Tensors;
using FrozenLm.Tests.Cli;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class Phi3GemmaCliTests
{
    [Fact]
    public void Given_the_phi3_and_gemma_fixtures_When_inspect_json_Then_family_shape_format_and_counts_are_reported()
    {
        var (code, output, err) = CliRunner.Run("lm", "inspect", "--model", LmFixtures.Dir("phi3"), "--json");
        Assert.True(code == 0, err);
        using (var doc = JsonDocument.Parse(output))
        {
            var r = doc.RootElement;
            Assert.Equal(("phi3", "phi3", "safetensors-sharded", "F32"), (r.GetProperty("architecture").GetString(),
                r.GetProperty("model_type").GetString(), r.GetProperty("format").GetString(), r.GetProperty("dtype").GetString()));
            Assert.Equal((3, 32, 4, 2, 8, 48), (r.GetProperty("num_layers").GetInt32(), r.GetProperty("hidden_size").GetInt32(),
                r.GetProperty("num_heads").GetInt32(), r.GetProperty("num_kv_heads").GetInt32(), r.GetProperty("head_dim").GetInt32(),
                r.GetProperty("ffn_size").GetInt32()));
            // qkv_proj 32 -> 32 + 2*16, o_proj 32 -> 32, gate_up_proj 32 -> 96, down_proj 48 -> 32, two norms of 32.
            Assert.Equal(32L * 64 + 32 * 32 + 32 * 96 + 48 * 32 + 64, r.GetProperty("params_per_layer").GetInt64());
        }

        (code, output, err) = CliRunner.Run("lm", "inspect", "--model", LmFixtures.Dir("gemma"), "--json");
        Assert.True(code == 0, err);
        using (var doc = JsonDocument.Parse(output))
        {
            var r = doc.RootElement;
            Assert.Equal(("gemma", "safetensors", "BF16", "gelu_pytorch_tanh"), (r.GetProperty("architecture").GetString(),
                r.GetProperty("format").GetString(), r.GetProperty("dtype").GetString(), r.GetProperty("activation").GetString()));
            Assert.Equal((24, 4, 1, 16), (r.GetProperty("hidden_size").GetInt32(), r.GetProperty("num_heads").GetInt32(),
                r.GetProperty("num_kv_heads").GetInt32(), r.GetProperty("head_dim").GetInt32()));
            // q 24 -> 64, k/v 24 -> 16, o 64 -> 24, gate/up 24 -> 40, down 40 -> 24, two norms of 24.
            Assert.Equal(24L * 64 + 2 * 24 * 16 + 64 * 24 + 3 * 24 * 40 + 48, r.GetProperty("params_per_layer").GetInt64());
        }
        var (text, textOut, _) = CliRunner.Run("lm", "inspect", "--model", LmFixtures.Dir("gemma"));
        Assert.Equal(0, text);
        Assert.Contains("architecture     gemma (model_type gemma)", textOut);
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Theory]
    [InlineData("phi3", 1)]
    [InlineData("gemma", 1)]
    public void Given_extract_of_one_layer_When_run_from_the_extracted_dir_Then_it_equals_the_original_and_the_reference(string family, int layer)
    {
        using var scope = torch.NewDisposeScope();
        var dir = TestPaths.NewTempDir("cli-" + family);
        var input = Path.Combine(LmFixtures.Dir(family), "io.safetensors");
        var extracted = Path.Combine(dir, "extracted");
        var (a, b) = (Path.Combine(dir, "a.safetensors"), Path.Combine(dir, "b.safetensors"));
        var layers = layer.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, CliRunner.Run("lm", "run", "--model", LmFixtures.Dir(family), "--layers", layers, "--input", input, "--output", a).Code);
        var (code, _, err) = CliRunner.Run("lm", "extract", "--model", LmFixtures.Dir(family), "--layers", layers, "--out", extracted);
        Assert.True(code == 0, err);
        Assert.Equal(0, CliRunner.Run("lm", "run", "--model", extracted, "--layers", layers, "--input", input, "--output", b).Code);
        using var fa = SafetensorsFile.Open(a);
        using var fb = SafetensorsFile.Open(b);
        Assert.Equal(0.0, LmFixtures.MaxAbs(fa.Read("hidden"), fb.Read("hidden")));
        var refErr = LmFixtures.MaxAbs(fa.Read("hidden"), LmFixtures.Io(family, $"out.layer{layer}"));
        Assert.True(refErr <= 1e-5, $"{family} lm run vs reference: max abs error {refErr:E2}");
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(extracted, "config.json")))!;
        Assert.Equal(family, config["model_type"]!.GetValue<string>());
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_a_phi3_config_with_indivisible_heads_When_inspected_Then_exit_2_with_one_line_naming_config_json()
    {
        var dir = TestPaths.NewTempDir("cli-phi3-bad");
        foreach (var file in Directory.GetFiles(LmFixtures.Dir("phi3")))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        var path = Path.Combine(dir, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        config["num_attention_heads"] = 5;
        File.WriteAllText(path, config.ToJsonString());
        var (code, _, err) = CliRunner.Run("lm", "inspect", "--model", dir);
        Assert.Equal(2, code);
        Assert.Equal($"error: {path}: hidden_size 32 is not divisible by num_attention_heads 5 and there is no head_dim", err.Trim());
        Runtime.TorchRuntimeReset.AllCores();
    }
}
