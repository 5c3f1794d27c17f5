using FrozenLm.Text;
using TorchSharp;

namespace FrozenLm.Tests.Text;

public sealed class TextEncoderTests
{
    private static readonly Lazy<TextEncoder> MiniLm = new(() => TextEncoder.Load("minilm", torch.CPU));

    [Fact]
    public void Given_minilm_When_loaded_Then_its_keys_are_HF_BertModel_keys_less_the_pooler_and_it_is_frozen()
    {
        var expected = File.ReadAllLines(TestPaths.Fixture("lm-formats", "minilm.keys.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith("pooler.", StringComparison.Ordinal) && l != "embeddings.position_ids")
            .Order(StringComparer.Ordinal);
        var encoder = MiniLm.Value;
        Assert.Equal(expected, encoder.state_dict().Keys.Order(StringComparer.Ordinal));
        Assert.False(encoder.Trainable);
        Assert.Equal(384, encoder.HiddenSize);
        Assert.Equal(64, encoder.Checksum.Length);
    }

    [Fact]
    public void Given_a_sentence_alone_and_padded_in_a_batch_When_encoded_Then_its_masked_mean_is_the_same()
    {
        var encoder = MiniLm.Value;
        var tokenizer = TextTokenizer.ForModel("minilm");
        using var alone = SentenceEmbedding.Encode(encoder, tokenizer, ["two blue squares"]);
        using var batch = SentenceEmbedding.Encode(encoder, tokenizer, ["two blue squares", "a much longer sentence about a small green triangle"]);
        Assert.InRange((alone[0] - batch[0]).abs().max().item<float>(), 0f, 1e-5f);
        Assert.InRange((batch.norm(1) - 1).abs().max().item<float>(), 0f, 1e-5f);
    }

    [Fact]
    public void Given_hidden_states_and_a_mask_When_mean_pooled_Then_padding_is_ignored()
    {
        using var hidden = torch.tensor(new float[] { 1, 2, 3, 4, 100, 100 }, [1, 3, 2]);
        using var mask = torch.tensor(new long[] { 1, 1, 0 }, [1, 3]);
        using var pooled = TextEncoder.MeanPool(hidden, mask);
        Assert.Equal(new float[] { 2, 3 }, pooled.data<float>().ToArray());
    }

    [Fact]
    public void Given_fine_tuning_When_the_encoder_is_unfrozen_Then_a_loss_reaches_the_embedding_table()
    {
        var encoder = MiniLm.Value;
        encoder.SetTrainable(true);
        try
        {
            Assert.True(encoder.Trainable);
            var batch = TextTokenizer.ForModel("minilm").Encode(["a cat"]);
            using var ids = batch.IdsTensor(torch.CPU);
            using var mask = batch.MaskTensor(torch.CPU);
            using var loss = encoder.forward(ids, mask).pow(2).mean();
            loss.backward();
            var grad = encoder.named_parameters().Single(p => p.name == "embeddings.word_embeddings.weight").parameter.grad;
            Assert.NotNull(grad);
            Assert.True(grad!.abs().sum().item<float>() > 0);
        }
        finally
        {
            encoder.zero_grad();
            encoder.SetTrainable(false);
        }
    }
}
