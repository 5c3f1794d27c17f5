using FrozenLm.Tasks.Retrieval;

namespace FrozenLm.Tests.Tasks.Retrieval;

public sealed class ItmRerankingTests
{
    // 2 images x 4 texts; texts 0, 1 describe image 0 and texts 2, 3 image 1.
    private static readonly float[,] Similarity =
    {
        { 0.9f, 0.1f, 0.8f, 0.7f },
        { 0.6f, 0.5f, 0.4f, 0.3f },
    };

    [Fact]
    public void Given_image_to_text_top_2_When_reranked_Then_the_matching_head_orders_the_top_2_and_the_rest_keep_their_order()
    {
        // The head prefers text 2 over text 0 for image 0, and text 2 over text 0 for image 1.
        var asked = new List<(int, int)>();
        float[] Score(int[] images, int[] texts)
        {
            asked.AddRange(images.Zip(texts));
            return images.Zip(texts, (i, t) => t == 2 ? 5f : -5f).ToArray();
        }
        var ranked = ItmReranking.ImageToText(Similarity, 2, Score);
        Assert.Equal([(0, 0), (0, 2), (1, 0), (1, 1)], asked);
        // Row 0: text 2 first, then text 0, then text 3 (0.7) and text 1 (0.1) in contrastive order.
        Assert.Equal([2, 0, 3, 1], Order(ranked, 0, byRow: true));
        Assert.Equal([0, 1, 2, 3], Order(ranked, 1, byRow: true));  // both scored -5: a tie keeps text 0 first
        // Image 0 finds its text 0 at rank 2; image 1's texts 2 and 3 rank 3rd and 4th.
        var (i2t, _) = RetrievalRecall.Compute(ranked, [0, 0, 1, 1], [1, 2, 3]);
        Assert.Equal([0.0, 0.5, 1.0], i2t);
    }

    [Fact]
    public void Given_text_to_image_top_1_When_reranked_Then_only_each_texts_best_image_is_rescored_and_stays_first()
    {
        var calls = 0;
        var ranked = ItmReranking.TextToImage(Similarity, 1, (images, texts) =>
        {
            calls = images.Length;
            return images.Select(_ => -100f).ToArray();
        });
        Assert.Equal(4, calls);
        // Each text's best image by similarity (image 1 only for text 1: 0.5 over 0.1) stays first despite a low score.
        Assert.Equal([0, 1, 0, 0], Enumerable.Range(0, 4).Select(t => Order(ranked, t, byRow: false)[0]));
    }

    [Fact]
    public void Given_k_0_When_reranked_Then_the_matrix_is_unchanged_and_nothing_is_scored()
    {
        var ranked = ItmReranking.ImageToText(Similarity, 0, (_, _) => throw new InvalidOperationException("scored"));
        Assert.Equal(Similarity, ranked);
    }

    private static int[] Order(float[,] m, int index, bool byRow)
    {
        var n = byRow ? m.GetLength(1) : m.GetLength(0);
        return Enumerable.Range(0, n).OrderByDescending(j => byRow ? m[index, j] : m[j, index]).ToArray();
    }
}
