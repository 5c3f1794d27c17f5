using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Checkpoints.Onnx;

namespace FrozenLm.Tests.LanguageModels.Formats;

public sealed class OnnxTinyModelTests
{
    private static LmCheckpoint Open(byte[] bytes) => OnnxCheckpointReader.Open(new ArrayByteBlock(bytes), "tiny.onnx", "tiny.onnx");

    [Fact]
    public void Given_a_graph_with_LayerNormalization_and_a_constant_head_split_When_opened_Then_config_comes_from_the_graph()
    {
        using var checkpoint = Open(TinyOnnxBert.Build(layers: 2).Bytes);
        var c = checkpoint.Config;
        Assert.Equal(("bert", 2, 8, 2, 4, 16, 1e-6, "gelu"),
            (c.Family.Name, c.NumLayers, c.HiddenSize, c.NumHeads, c.HeadDim, c.FfnSize, c.NormEps, c.Activation));
        Assert.Equal(32, checkpoint.Tensors.Names.Count); // 2 layers x 16 tensors; the anonymous weights and split constants are not exposed
    }

    [Fact]
    public void Given_raw_and_packed_float_weights_When_read_Then_each_is_its_initializer_transposed_to_out_in()
    {
        var (bytes, weightOf) = TinyOnnxBert.Build(layers: 1);
        using var checkpoint = Open(bytes);
        foreach (var (name, anonymous) in weightOf)
        {
            var k = int.Parse(anonymous[1..]);
            using var t = checkpoint.Tensors.Read(name);
            var (outDim, inDim) = ((int)t.shape[0], (int)t.shape[1]);
            var values = t.data<float>().ToArray();
            for (var o = 0; o < outDim; o++)
            {
                for (var i = 0; i < inDim; i++)
                {
                    Assert.Equal(TinyOnnxBert.Value(k, i * outDim + o), values[o * inDim + i]);
                }
            }
        }

        Assert.Equal([16L, 8], checkpoint.Tensors.Info("encoder.layer.0.intermediate.dense.weight").Shape);
    }

    [Fact]
    public void Given_a_task_head_export_with_a_bert_prefix_When_loaded_Then_names_keep_the_prefix_and_blocks_load()
    {
        using var checkpoint = Open(TinyOnnxBert.Build(layers: 2, prefix: "bert.").Bytes);
        Assert.Equal(2, checkpoint.Config.NumLayers);
        Assert.All(checkpoint.Tensors.Names, n => Assert.StartsWith("bert.encoder.layer.", n, StringComparison.Ordinal));
        using var stack = LmBlockStack.Load(checkpoint, [1], new LmLoadOptions());
        Assert.Equal(1, Assert.Single(stack.Blocks).LayerIndex);
    }

    [Fact]
    public void Given_weights_in_external_data_When_opened_Then_a_clear_error_names_the_tensor()
    {
        var e = Assert.Throws<UserInputException>(() => Open(TinyOnnxBert.Build(layers: 1, externalFirstWeight: true).Bytes));
        Assert.Equal("tiny.onnx", e.Subject);
        Assert.Contains("'w0'", e.Problem, StringComparison.Ordinal);
        Assert.Contains("external data", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_non_BERT_or_non_ONNX_file_When_opened_Then_the_problem_is_stated()
    {
        Assert.Contains("not an ONNX model", Assert.Throws<UserInputException>(() => Open([0x12, 0x01, 0x41])).Problem, StringComparison.Ordinal);
        var empty = new ProtoWriter().Varint(1, 8).Message(7, new ProtoWriter().String(2, "g")).ToArray();
        Assert.Contains("not a BERT-style encoder", Assert.Throws<UserInputException>(() => Open(empty)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_an_onnx_path_When_loaded_through_the_registry_Then_the_onnx_format_opens_it()
    {
        var path = Path.Combine(TestPaths.NewTempDir("tiny-onnx"), "tiny.onnx");
        File.WriteAllBytes(path, TinyOnnxBert.Build(layers: 2).Bytes);
        using var checkpoint = LmCheckpointLoader.Open(path);
        Assert.Equal(("onnx", path, 2), (checkpoint.Format, checkpoint.Source, checkpoint.Config.NumLayers));
    }
}
