using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels;

public sealed class LmCheckpointErrorTests
{
    private static string CopyFixture(string family)
    {
        var dir = TestPaths.NewTempDir("lm-" + family);
        foreach (var file in Directory.GetFiles(LmFixtures.Dir(family)))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        return dir;
    }

    private static void RewriteWeights(string dir, Func<string, torch.Tensor, torch.Tensor?> edit)
    {
        var path = Path.Combine(dir, "model.safetensors");
        var kept = new List<KeyValuePair<string, torch.Tensor>>();
        using (var file = SafetensorsFile.Open(path))
        {
            foreach (var name in file.Names)
            {
                var t = edit(name, file.Read(name));
                if (t is not null)
                    kept.Add(new(name, t));
            }
        }
        SafetensorsWriter.Write(path, kept);
    }

    [Fact]
    public void Given_a_missing_path_When_loading_Then_no_such_file()
    {
        var e = Assert.Throws<UserInputException>(() => LmBlockStack.Load("/no/such/model", [0], new LmLoadOptions()));
        Assert.Equal("/no/such/model", e.Subject);
        Assert.Equal("no such file or directory", e.Problem);
    }

    [Fact]
    public void Given_a_directory_without_config_When_loading_Then_not_recognised()
    {
        var e = Assert.Throws<UserInputException>(() => LmBlockStack.Load(TestPaths.NewTempDir("empty"), [0], new LmLoadOptions()));
        Assert.Contains("not a recognised", e.Problem);
    }

    [Fact]
    public void Given_a_layer_out_of_range_When_loading_Then_the_layers_flag_is_blamed()
    {
        var e = Assert.Throws<UserInputException>(() => LmBlockStack.Load(LmFixtures.Dir("gpt2"), [2], new LmLoadOptions()));
        Assert.Equal("--layers", e.Subject);
        Assert.Contains("out of range: the model has 2 layers", e.Problem);
    }

    [Fact]
    public void Given_an_unsupported_model_type_When_loading_Then_config_json_and_the_supported_list_are_named()
    {
        var dir = CopyFixture("bert");
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!;
        config["model_type"] = "t5";
        File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
        var e = Assert.Throws<UserInputException>(() => LmBlockStack.ReadConfig(dir));
        Assert.EndsWith("config.json", e.Subject);
        Assert.Contains("'t5' is not supported; supported: llama, mistral, qwen2, phi3, phi3small, gemma, opt, gpt2, bert, roberta", e.Problem);
    }

    [Fact]
    public void Given_a_tensor_missing_for_the_layer_When_loading_Then_file_and_tensor_are_named()
    {
        var dir = CopyFixture("opt_pre");
        RewriteWeights(dir, (name, t) => name == "model.decoder.layers.1.fc2.bias" ? null : t);
        using (var ok = LmBlockStack.Load(dir, [0], new LmLoadOptions()))
            Assert.Equal([0], ok.LayerIndices);
        var e = Assert.Throws<UserInputException>(() => LmBlockStack.Load(dir, [1], new LmLoadOptions()));
        Assert.EndsWith("model.safetensors", e.Subject);
        Assert.Equal("tensor 'model.decoder.layers.1.fc2.bias' for layer 1 is missing", e.Problem);
    }

    [Fact]
    public void Given_a_shape_that_disagrees_with_the_config_When_loading_Then_both_shapes_are_named()
    {
        var dir = CopyFixture("gpt2");
        RewriteWeights(dir, (name, t) => name == "h.0.attn.c_attn.weight" ? t.t().contiguous() : t);
        var e = Assert.Throws<UserInputException>(() => LmBlockStack.Load(dir, [0], new LmLoadOptions()));
        Assert.Contains("tensor 'h.0.attn.c_attn.weight' has shape [96, 32] but the config implies [32, 96]", e.Problem);
    }

    [Fact]
    public void Given_a_sharded_and_an_unsharded_copy_When_loaded_Then_outputs_and_checksums_are_identical()
    {
        using var scope = torch.NewDisposeScope();
        var dir = TestPaths.NewTempDir("unsharded");
        File.Copy(Path.Combine(LmFixtures.Dir("llama"), "config.json"), Path.Combine(dir, "config.json"));
        using (var sharded = ShardedSafetensors.Open(Path.Combine(LmFixtures.Dir("llama"), HuggingFaceCheckpoint.IndexFile)))
            SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"),
                sharded.Names.OrderBy(n => n).Select(n => new KeyValuePair<string, torch.Tensor>(n, sharded.Read(n))).ToList());
        using var a = LmBlockStack.Load(LmFixtures.Dir("llama"), [0, 2], new LmLoadOptions());
        using var b = LmBlockStack.Load(dir, [0, 2], new LmLoadOptions());
        Assert.Equal("safetensors-sharded", a.Format);
        Assert.Equal("safetensors", b.Format);
        Assert.Equal(a.Checksum, b.Checksum);
        Assert.Matches("^[0-9a-f]{64}$", a.Checksum);
        var hidden = LmFixtures.Io("llama", "hidden");
        using var noGrad = torch.no_grad();
        Assert.Equal(0.0, LmFixtures.MaxAbs(a.forward(hidden), b.forward(hidden)));
    }

    [Fact]
    public void Given_a_checkpoint_When_its_config_is_written_back_Then_it_binds_to_the_same_config()
    {
        foreach (var family in LmFixtures.Families)
        {
            var config = LmBlockStack.ReadConfig(LmFixtures.Dir(family));
            var dir = TestPaths.NewTempDir("cfg");
            File.WriteAllText(Path.Combine(dir, "config.json"), HuggingFaceConfig.ToJson(config));
            Assert.Equal(config, HuggingFaceConfig.Read(Path.Combine(dir, "config.json")));
        }
    }
}
