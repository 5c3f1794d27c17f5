using System.Text.Json;
using FrozenLm.FrozenStage;
using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Families;
using FrozenLm.Models;
using FrozenLm.Tests.LanguageModels;
using FrozenLm.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;
using Xunit.Abstractions;

namespace FrozenLm.Tests.Export;

/// <summary>
/// The ONNX export of the image classifier against the TorchSharp model it came from, in ONNX Runtime: every stage
/// mode at every position (a tiny LLaMA block with grouped-query attention, or the MLP control), the residual stage,
/// and a frozen stage from each LM family's fixture checkpoint; max abs error on the logits &lt;= 1e-4. The files
/// also pass the structural rules of ONNX's checker.
/// </summary>
[Collection(Runtime.RuntimeCollection.Name)]
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string, string, bool> ModesAndPositions()
    {
        var data = new TheoryData<string, string, bool> { { "none", "tail", false } };
        foreach (var mode in new[] { "frozen", "finetune", "random", "mlp" })
            foreach (var position in new[] { "tail", "middle", "head" })
                data.Add(mode, position, false);
        data.Add("frozen", "middle", true);
        return data;
    }

    [Theory]
    [MemberData(nameof(ModesAndPositions))]
    public void Given_a_model_of_each_stage_mode_and_position_When_exported_Then_onnx_runtime_gives_its_logits(
        string mode, string position, bool residual)
    {
        using var vit = TinyModels.Model(LmStageMode.Parse(mode), Enum.Parse<LmStagePosition>(position, ignoreCase: true),
            channels: 3, residual: residual);
        var bytes = OnnxParity.Export(vit, $"{mode}-{position}{(residual ? "-residual" : "")}");

        var onnx = ExportedOnnx.Read(bytes);
        onnx.AssertWellFormed();
        Assert.Equal(["batch", "3", "8", "8"], Assert.Single(onnx.Inputs, i => i.Name == "pixel_values").Dims);
        Assert.Equal(["batch", "5"], Assert.Single(onnx.Outputs, o => o.Name == "logits").Dims);
        var keys = vit.state_dict().Keys.ToHashSet();
        var weights = onnx.Initializers.Where(i => !i.Name.StartsWith("const_", StringComparison.Ordinal)).Select(i => i.Name).ToHashSet();
        Assert.Equal(keys.Order(), weights.Order());                    // every weight, frozen ones included, under its key

        var error = OnnxParity.MaxAbsError(vit, bytes);
        output.WriteLine($"{mode}/{position}{(residual ? "/residual" : "")}: max abs error {error:E2}");
        Assert.True(error <= Tolerance, $"max abs error {error:E2}");
    }

    public static TheoryData<string> ExportingFamilies() => new(["llama", "mistral", "qwen2", "gemma", "phi3", "opt_pre", "opt_post", "gpt2", "bert", "phi3small", "phi3small_bf16"]);

    [Theory]
    [MemberData(nameof(ExportingFamilies))]
    public void Given_a_frozen_stage_from_a_family_fixture_When_exported_Then_onnx_runtime_gives_its_logits(string family)
    {
        using var vit = FixtureModel(family);
        var bytes = OnnxParity.Export(vit, family);
        ExportedOnnx.Read(bytes).AssertWellFormed();
        var error = OnnxParity.MaxAbsError(vit, bytes);
        output.WriteLine($"{family}: max abs error {error:E2}");
        Assert.True(error <= Tolerance, $"max abs error {error:E2}");
    }

    [Fact]
    public void Given_a_family_without_onnx_emission_When_exported_Then_one_line_names_the_families_that_export()
    {
        var config = TinyModels.TinyLlama with { Family = new UnexportedFamily() };
        var stack = LmBlockStack.CreateRandom(config, [1], new LmLoadOptions(), seed: 3);
        var vitConfig = TinyModels.Vit(channels: 3);
        using var vit = new VisionTransformer(vitConfig,
            new LmBlockStage(vitConfig.Dim, stack, stack.Blocks, config.HiddenSize, LmStageMode.Frozen, null, residual: false));
        var e = Assert.Throws<UserInputException>(() => OnnxParity.Export(vit));
        Assert.Equal("--out", e.Subject);
        Assert.Equal("--out: the LM stage's unexported block has no ONNX export; families that export: " +
                     "llama, mistral, qwen2, phi3, phi3small, gemma, opt, gpt2, bert", e.Message);
        Assert.Equal(LmFamilies.All.Select(f => f.Name), LmFamilies.OnnxExportable);
    }

    /// <summary>A llama-shaped family that provides no ONNX emission.</summary>
    private sealed class UnexportedFamily() : LmFamily("unexported", LmNormKind.Rms)
    {
        public override LmConfig Bind(ConfigReader config, string modelType) => LlamaFamily.Instance.Bind(config, modelType) with { Family = this };

        public override void WriteConfig(Utf8JsonWriter writer, LmConfig config) => LlamaFamily.Instance.WriteConfig(writer, config);

        public override LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage) => new LlamaBlock(config, layerIndex, storage);

        public override long ParameterCountPerLayer(LmConfig config) => LlamaBlock.ParameterCount(config);

        public override IReadOnlyList<string> LayerPrefixes(int layer) => [$"layers.{layer}."];
    }

    [Fact]
    public void Given_a_changed_weight_When_exported_again_Then_the_logits_follow_it()
    {
        using var vit = TinyModels.Model(LmStageMode.Frozen, channels: 3);
        var before = OnnxParity.Export(vit);
        using (torch.no_grad())
        using (var two = 2.0.ToScalar())
            vit.state_dict()["lm_stage.lm.layers.0.mlp.down_proj.weight"].mul_(two);
        Assert.True(OnnxParity.MaxAbsError(vit, before) > 1e-3);          // the old file no longer matches the model
        Assert.True(OnnxParity.MaxAbsError(vit, OnnxParity.Export(vit)) <= Tolerance);
    }

    private static VisionTransformer FixtureModel(string family)
    {
        torch.manual_seed(13);
        var options = new LmStageOptions { Source = LmFixtures.Dir(family), Mode = LmStageMode.Frozen, Layers = [1] };
        var config = TinyModels.Vit(channels: 3);
        var (stage, _) = LmStageFactory.Create(options, config.Dim, seed: 1);
        return new VisionTransformer(config, stage, LmStagePosition.Tail);
    }
}
