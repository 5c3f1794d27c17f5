using FrozenLm.Tasks.Retrieval;

namespace FrozenLm.Tests.Tasks.Retrieval;

public sealed class RetrievalRecallTests
{
    [Fact]
    public void Given_a_hand_made_similarity_matrix_When_recall_is_computed_Then_it_matches_the_hand_counted_ranks()
    {
        // 2 images, 3 texts: texts 0 and 1 describe image 0, text 2 image 1.
        float[,] s =
        {
            { 0.1f, 0.9f, 0.5f }, // image 0: its best caption (t1, 0.9) ranks first -> found at K=1
            { 0.8f, 0.2f, 0.3f }, // image 1: its caption (t2, 0.3) is beaten by t0 (0.8) -> rank 2
        };
        var (i2t, t2i) = RetrievalRecall.Compute(s, [0, 0, 1], [1, 2]);
        Assert.Equal([0.5, 1.0], i2t);
        // t0: image 1 (0.8) beats image 0 (0.1) -> rank 2; t1: rank 1; t2: image 0 (0.5) beats 0.3 -> rank 2.
        Assert.Equal([1.0 / 3, 1.0], t2i);
    }

    [Fact]
    public void Given_ties_When_recall_is_computed_Then_the_true_match_ranks_last()
    {
        float[,] s = { { 1f, 1f }, { 1f, 1f } };
        var (i2t, t2i) = RetrievalRecall.Compute(s, [0, 1], [1]);
        Assert.Equal([0.0], i2t);
        Assert.Equal([0.0], t2i);
    }
}
