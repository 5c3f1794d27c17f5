using System.Text.Json;
using FrozenLm.Tensors;

namespace FrozenLm.Tests.Cli;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class LmEncodeTextCommandTests
{
    [Fact]
    public void Given_two_texts_When_encode_text_runs_with_json_and_out_Then_both_hold_the_same_unit_vectors()
    {
        var dir = TestPaths.NewTempDir("encode-text");
        var path = Path.Combine(dir, "e.safetensors");
        var (code, stdout, err) = CliRunner.Run("lm", "encode-text", "--model", "minilm", "--json", "--threads", "1", "A red circle.", "a RED circle.");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("mean", doc.RootElement.GetProperty("pooling").GetString());
        Assert.Equal(512, doc.RootElement.GetProperty("max_length").GetInt32());
        var rows = doc.RootElement.GetProperty("embeddings").EnumerateArray()
            .Select(e => e.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        Assert.Equal(6, doc.RootElement.GetProperty("embeddings")[0].GetProperty("tokens").GetInt32());
        Assert.Equal(384, rows[0].Length);
        Assert.Equal(rows[0], rows[1]); // lower-casing: the same tokens
        Assert.InRange(Math.Sqrt(rows[0].Sum(v => (double)v * v)), 1 - 1e-5, 1 + 1e-5);

        (code, stdout, err) = CliRunner.Run("lm", "encode-text", "--model", "minilm", "--out", path, "--threads", "1", "A red circle.", "a RED circle.");
        Assert.True(code == 0, err);
        Assert.Contains("embeddings [2, 384]", stdout);
        using var file = SafetensorsFile.Open(path);
        using var stored = file.Read("embeddings");
        Assert.Equal(rows[0], stored[0].data<float>().ToArray());
    }

    [Fact]
    public void Given_an_unknown_model_When_encode_text_runs_Then_exit_2_naming_model()
    {
        var (code, _, err) = CliRunner.Run("lm", "encode-text", "--model", "bert-huge", "x");
        Assert.Equal(2, code);
        Assert.StartsWith("error: --model: 'bert-huge' is not a packaged text encoder", err.Trim());
    }
}
