using FrozenLm.Tasks.Retrieval;
using TorchSharp;

namespace FrozenLm.Tests.Tasks.Retrieval;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class HardNegativeMiningTests
{
    [Fact]
    public void Given_marked_positives_When_negatives_are_drawn_Then_no_positive_is_ever_drawn()
    {
        torch.manual_seed(3);
        // Image 0's texts 0 and 2 are positives; the positives score highest, so a mining bug would pick them.
        using var similarity = torch.tensor(new float[] { 9, 1, 9, 0, 1, 9, 0, 1, 9, 0, 9, 1, 0, 0, 1, 9 }, [4, 4]);
        var positives = new bool[4, 4];
        for (var i = 0; i < 4; i++)
            positives[i, i] = true;
        positives[0, 2] = positives[2, 0] = true;
        using var mask = torch.tensor(positives);
        for (var draw = 0; draw < 50; draw++)
        {
            var (texts, images) = HardNegativeMining.Sample(similarity, mask);
            var t = texts.data<long>().ToArray();
            var im = images.data<long>().ToArray();
            for (var i = 0; i < 4; i++)
            {
                Assert.False(positives[i, t[i]], $"image {i} drew its positive text {t[i]}");
                Assert.False(positives[im[i], i], $"text {i} drew its positive image {im[i]}");
            }
            texts.Dispose();
            images.Dispose();
        }
    }

    [Fact]
    public void Given_one_much_harder_negative_When_drawn_Then_it_is_chosen_and_draw_frequencies_follow_the_softmax()
    {
        torch.manual_seed(5);
        // Row 0: negatives 1 and 2 with logits ln 3 and 0 (positive 0 excluded): drawn 3/4 and 1/4 of the time.
        // Row 1: negative 0 is 20 nats above negative 2: always drawn.
        using var similarity = torch.tensor(new float[] { 5, MathF.Log(3), 0, 20, 5, 0, 0, 0, 5 }, [3, 3]);
        using var positives = torch.eye(3, dtype: torch.ScalarType.Bool);
        var counts = new int[3];
        const int draws = 2000;
        for (var d = 0; d < draws; d++)
        {
            var (texts, images) = HardNegativeMining.Sample(similarity, positives);
            var t = texts.data<long>().ToArray();
            counts[t[0]]++;
            Assert.Equal(0, t[1]);
            texts.Dispose();
            images.Dispose();
        }
        Assert.Equal(0, counts[0]);
        Assert.InRange(counts[1] / (double)draws, 0.72, 0.78);
    }

    [Fact]
    public void Given_a_row_whose_every_pair_is_positive_When_drawn_Then_it_gets_minus_one()
    {
        using var similarity = torch.zeros(2, 2);
        using var positives = torch.ones(2, 2, dtype: torch.ScalarType.Bool);
        var (texts, images) = HardNegativeMining.Sample(similarity, positives);
        Assert.Equal([-1L, -1L], texts.data<long>().ToArray());
        Assert.Equal([-1L, -1L], images.data<long>().ToArray());
        texts.Dispose();
        images.Dispose();
    }
}
