using Xunit.Abstractions;
using System.Diagnostics;
using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Checkpoints.Builtin;
using FrozenLm.LanguageModels.Checkpoints.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels.Formats;

public sealed class OnnxBuiltinModelTests(ITestOutputHelper output)
{
    [Fact]
    public void Given_builtin_minilm_When_opened_Then_recovered_names_are_the_full_HF_BertModel_key_list()
    {
        using var checkpoint = BuiltinLanguageModels.Open("minilm");
        var expected = File.ReadAllLines(TestPaths.Fixture("lm-formats", "minilm.keys.txt")).Where(l => l.Length > 0).Order(StringComparer.Ordinal);
        Assert.Equal(expected, checkpoint.Tensors.Names.Order(StringComparer.Ordinal));
        Assert.Equal("onnx", checkpoint.Format);
        Assert.Equal("minilm", checkpoint.Source);
    }

    [Theory]
    [InlineData("minilm")]
    [InlineData("arctic-xs")]
    public void Given_a_builtin_name_When_opened_Then_the_config_is_the_6_layer_384_wide_BERT(string name)
    {
        using var checkpoint = BuiltinLanguageModels.Open(name);
        var c = checkpoint.Config;
        Assert.Equal(
            ("bert", "bert", 6, 384, 12, 12, 32, 1536, 1e-12, "gelu", false, "F32"),
            (c.Family.Name, c.ModelType, c.NumLayers, c.HiddenSize, c.NumHeads, c.NumKvHeads, c.HeadDim, c.FfnSize, c.NormEps,
                c.Activation, c.PreNorm, c.StoredDType));
        Assert.True(c.QkvBias && c.OutputBias && c.MlpBias);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal([384L, 384], checkpoint.Tensors.Info($"encoder.layer.{i}.attention.self.query.weight").Shape);
            Assert.Equal([1536L, 384], checkpoint.Tensors.Info($"encoder.layer.{i}.intermediate.dense.weight").Shape);
            Assert.Equal([384L, 1536], checkpoint.Tensors.Info($"encoder.layer.{i}.output.dense.weight").Shape);
        }
    }

    [Fact]
    public void Given_minilm_When_a_recovered_weight_is_read_Then_it_equals_the_anonymous_MatMul_initializer_transposed()
    {
        using var checkpoint = BuiltinLanguageModels.Open("minilm");
        var path = BuiltinLanguageModels.AssemblyPath("minilm");
        var (offset, length) = BuiltinLanguageModels.LocateOnnxResource(path, "minilm");
        using var model = OnnxModel.Parse(MappedBytes.Open(path, "minilm", offset, length), "minilm");
        // Layer 0's intermediate.dense weight: the MatMul initializer feeding the Add with its bias ('938', [384, 1536]).
        var add = model.Graph.Consumers["encoder.layer.0.intermediate.dense.bias"].Single(n => n.OpType == "Add");
        var matMul = model.Graph.Producers[add.Inputs.Single(i => i != "encoder.layer.0.intermediate.dense.bias")];
        var raw = model.Graph.Initializers[matMul.Inputs[1]];
        Assert.Equal([384L, 1536], raw.Shape);
        var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(model.Data(raw)).ToArray();

        using var recovered = checkpoint.Tensors.Read("encoder.layer.0.intermediate.dense.weight");
        Assert.Equal([1536L, 384], recovered.shape);
        var r = recovered.data<float>().ToArray();
        for (var o = 0; o < 1536; o += 7)
        {
            for (var i = 0; i < 384; i += 5)
            {
                Assert.Equal(values[i * 1536 + o], r[o * 384 + i]);
            }
        }
    }

    [Fact]
    public void Given_builtin_minilm_When_opened_and_one_layer_read_Then_it_takes_under_one_second()
    {
        var watch = Stopwatch.StartNew();
        using var checkpoint = BuiltinLanguageModels.Open("minilm");
        foreach (var name in checkpoint.Tensors.Names.Where(n => n.StartsWith("encoder.layer.3.", StringComparison.Ordinal)))
        {
            using var t = checkpoint.Tensors.Read(name);
        }

        watch.Stop();
        output.WriteLine($"open minilm + read layer 3: {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 1);
    }

    [Fact]
    public void Given_an_unknown_or_missing_builtin_When_opened_Then_a_user_input_error_names_it()
    {
        var e = Assert.Throws<UserInputException>(() => BuiltinLanguageModels.Open("gpt-17"));
        Assert.Equal("gpt-17", e.Subject);
        Assert.False(BuiltinLanguageModels.IsBuiltin("gpt-17"));
        Assert.True(BuiltinLanguageModels.IsBuiltin("MiniLM"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Given_ORT_hidden_states_When_the_reference_layer_runs_on_recovered_weights_Then_it_matches_ORT_within_1e_4(int layer)
    {
        // Max abs error bound 1e-4 (float32 on both sides, 8 tokens, hidden 384).
        using var checkpoint = BuiltinLanguageModels.Open("minilm");
        var (before, after) = OrtHiddenStates(layer);
        using var input = torch.tensor(before.ToArray(), [1, before.Length / 384, 384]);
        using var expected = torch.tensor(after.ToArray(), [1, after.Length / 384, 384]);
        using var actual = BertLayerReference.Forward(checkpoint.Tensors, layer, input, checkpoint.Config.NumHeads, checkpoint.Config.NormEps);
        var maxAbs = (actual - expected).abs().max().item<float>();
        output.WriteLine($"reference layer {layer} vs ORT: max abs error {maxAbs:E2}");
        Assert.InRange(maxAbs, 0f, 1e-4f);
        Assert.True((input - expected).abs().max().item<float>() > 1e-2f, "the layer must change the hidden state");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Given_ORT_hidden_states_When_our_BertBlock_runs_layer_L_Then_it_maps_before_to_after_within_1e_4(int layer)
    {
        // Max abs error bound 1e-4 (float32; attention_mask all ones, so ORT's additive mask is zero, as in our unmasked block).
        using var stack = LmBlockStack.Load("minilm", [layer], new LmLoadOptions());
        Assert.Equal("onnx", stack.Format);
        var (before, after) = OrtHiddenStates(layer);
        using var input = torch.tensor(before, [1, before.Length / 384, 384]);
        using var expected = torch.tensor(after, [1, after.Length / 384, 384]);
        using var actual = stack.forward(input);
        var maxAbs = (actual - expected).abs().max().item<float>();
        output.WriteLine($"BertBlock layer {layer} vs ORT: max abs error {maxAbs:E2}");
        Assert.InRange(maxAbs, 0f, 1e-4f);
    }

    private static readonly Lazy<float[][]> OrtStates = new(ComputeOrtHiddenStates);

    /// <summary>ORT's hidden state before and after encoder layer <paramref name="layer"/> for 8 fixed tokens.</summary>
    internal static (float[] Before, float[] After) OrtHiddenStates(int layer) => (OrtStates.Value[layer], OrtStates.Value[layer + 1]);

    /// <summary>One ORT run that also outputs the embedding LayerNorm output and every encoder layer's output.</summary>
    private static float[][] ComputeOrtHiddenStates()
    {
        var path = BuiltinLanguageModels.AssemblyPath("minilm");
        var (offset, length) = BuiltinLanguageModels.LocateOnnxResource(path, "minilm");
        using var model = OnnxModel.Parse(MappedBytes.Open(path, "minilm", offset, length), "minilm");
        string HiddenAfter(string lnBias) => model.Graph.Consumers[lnBias].Single(n => n.OpType == "Add").Outputs[0];
        var names = new[] { HiddenAfter("embeddings.LayerNorm.bias") }
            .Concat(Enumerable.Range(0, 6).Select(i => HiddenAfter($"encoder.layer.{i}.output.LayerNorm.bias"))).ToArray();
        var bytes = OnnxGraphOutputs.Add(model.ModelBytes, names);

        using var options = new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(bytes, options);
        long[] ids = [101, 2023, 2003, 1037, 3231, 6251, 1012, 102];
        var shape = new[] { 1, ids.Length };
        using var results = session.Run(
        [
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, shape)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(Enumerable.Repeat(1L, ids.Length).ToArray(), shape)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(new long[ids.Length], shape)),
        ], names);
        return names.Select(n => results.First(r => r.Name == n).AsTensor<float>().ToArray()).ToArray();
    }
}
