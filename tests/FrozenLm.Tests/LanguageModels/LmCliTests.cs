using System.Text.Json;
using FrozenLm.Tensors;
using FrozenLm.Tests.Cli;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class LmCliTests
{
    [Fact]
    public void Given_a_model_When_inspect_json_Then_the_documented_keys_hold_its_shape()
    {
        var (code, output, _) = CliRunner.Run("lm", "inspect", "--model", LmFixtures.Dir("qwen2"), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var r = doc.RootElement;
        Assert.Equal("qwen2", r.GetProperty("architecture").GetString());
        Assert.Equal(2, r.GetProperty("num_layers").GetInt32());
        Assert.Equal(48, r.GetProperty("hidden_size").GetInt32());
        Assert.Equal(6, r.GetProperty("num_heads").GetInt32());
        Assert.Equal(2, r.GetProperty("num_kv_heads").GetInt32());
        Assert.Equal(64, r.GetProperty("ffn_size").GetInt32());
        Assert.Equal("F16", r.GetProperty("dtype").GetString());
        Assert.Equal("safetensors", r.GetProperty("format").GetString());
        Assert.Equal(1e-6, r.GetProperty("norm_eps").GetDouble());
        Assert.Equal(48L * 48 + 2 * 48 * 16 + 48 * 48 + 48 + 2 * 16 + 3 * 48 * 64 + 2 * 48, r.GetProperty("params_per_layer").GetInt64());
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_extract_When_running_from_the_extracted_dir_Then_the_output_is_identical_and_matches_the_reference()
    {
        using var scope = torch.NewDisposeScope();
        var dir = TestPaths.NewTempDir("cli-lm");
        var input = Path.Combine(LmFixtures.Dir("mistral"), "io.safetensors");
        var outA = Path.Combine(dir, "a.safetensors");
        var outB = Path.Combine(dir, "b.safetensors");
        var extracted = Path.Combine(dir, "extracted");
        Assert.Equal(0, CliRunner.Run("lm", "run", "--model", LmFixtures.Dir("mistral"), "--layers", "1", "--input", input, "--output", outA).Code);
        var (code, _, err) = CliRunner.Run("lm", "extract", "--model", LmFixtures.Dir("mistral"), "--layers", "1", "--out", extracted);
        Assert.True(code == 0, err);
        Assert.Equal(0, CliRunner.Run("lm", "run", "--model", extracted, "--layers", "1", "--input", input, "--output", outB).Code);
        using var a = SafetensorsFile.Open(outA);
        using var b = SafetensorsFile.Open(outB);
        Assert.Equal(0.0, LmFixtures.MaxAbs(a.Read("hidden"), b.Read("hidden")));
        var err1 = LmFixtures.MaxAbs(a.Read("hidden"), LmFixtures.Io("mistral", "out.layer1"));
        Assert.True(err1 <= 1e-4, $"lm run vs reference: max abs error {err1:E2}");
        using var weights = SafetensorsFile.Open(Path.Combine(extracted, "model.safetensors"));
        Assert.All(weights.Names, n => Assert.StartsWith("model.layers.1.", n));
        Assert.Equal("BF16", weights.Info("model.layers.1.mlp.up_proj.weight").DType);
        var (badCode, _, badErr) = CliRunner.Run("lm", "run", "--model", extracted, "--layers", "0", "--input", input, "--output", outB);
        Assert.Equal(2, badCode);
        Assert.Contains("has no tensors for layer 0", badErr);
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_final_norm_and_bf16_flags_When_run_Then_rows_have_unit_rms()
    {
        using var scope = torch.NewDisposeScope();
        var dir = TestPaths.NewTempDir("cli-lm");
        var output = Path.Combine(dir, "o.safetensors");
        var (code, _, err) = CliRunner.Run("lm", "run", "--model", LmFixtures.Dir("llama"), "--layers", "0,1", "--input",
            Path.Combine(LmFixtures.Dir("llama"), "io.safetensors"), "--output", output, "--final-norm", "--dtype", "bf16");
        Assert.True(code == 0, err);
        using var file = SafetensorsFile.Open(output);
        var rms = file.Read("hidden").pow(2).mean([-1L]).sqrt();
        Assert.True(LmFixtures.MaxAbs(rms, torch.ones_like(rms)) < 1e-4, "parameter-free RMS norm gives unit RMS per token");
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Theory]
    [InlineData("--layers", "9", "error: --layers: layer 9 is out of range")]
    [InlineData("--layers", "x", "error: --layers: 'x' is not a non-negative layer index")]
    [InlineData("--dtype", "f8", "error: --dtype: 'f8' is not one of f32, bf16, f16")]
    public void Given_a_bad_flag_When_run_Then_exit_2_with_one_line(string flag, string value, string expected)
    {
        var dir = TestPaths.NewTempDir("cli-lm");
        var args = new List<string> { "lm", "run", "--model", LmFixtures.Dir("bert"), "--layers", "0", "--input",
            Path.Combine(LmFixtures.Dir("bert"), "io.safetensors"), "--output", Path.Combine(dir, "o.safetensors") };
        var at = args.IndexOf(flag);
        if (at >= 0)
            args[at + 1] = value;
        else
            args.AddRange([flag, value]);
        var (code, _, err) = CliRunner.Run([.. args]);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith(expected, err.Trim());
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_an_input_of_the_wrong_width_When_run_Then_the_input_file_is_named()
    {
        var dir = TestPaths.NewTempDir("cli-lm");
        var input = Path.Combine(dir, "in.safetensors");
        SafetensorsWriter.WriteOne(input, "hidden", torch.zeros(1, 3, 7));
        var (code, _, err) = CliRunner.Run("lm", "run", "--model", LmFixtures.Dir("bert"), "--layers", "0", "--input", input,
            "--output", Path.Combine(dir, "o.safetensors"));
        Assert.Equal(2, code);
        Assert.Equal($"error: {input}: tensor 'hidden' must be F32 [batch, tokens, 32], got F32 [1, 3, 7]", err.Trim());
        Assert.False(File.Exists(Path.Combine(dir, "o.safetensors")));
        Runtime.TorchRuntimeReset.AllCores();
    }
}
