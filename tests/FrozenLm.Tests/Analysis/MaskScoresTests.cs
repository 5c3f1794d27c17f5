using FrozenLm.Analysis;

namespace FrozenLm.Tests.Analysis;

public sealed class MaskScoresTests
{
    [Fact]
    public void Given_a_divisible_mask_When_downsampled_Then_cells_hold_object_fractions()
    {
        // 4x4 mask, 2x2 grid: cell (0,0) has 4/4 object pixels, (0,1) 2/4, (1,0) 1/4, (1,1) 0/4.
        float[] mask =
        [
            1, 1, 1, 0,
            1, 1, 1, 0,
            0, 1, 0, 0,
            0, 0, 0, 0,
        ];
        Assert.Equal(new[] { 1f, 0.5f, 0.25f, 0f }, MaskScores.CellFractions(mask, 4, 4, 2, 2));
        Assert.Equal(new[] { true, true, false, false }, MaskScores.TokenMask(mask, 4, 4, 2, 2));
    }

    [Fact]
    public void Given_a_non_divisible_mask_When_downsampled_Then_fractional_pixel_areas_count()
    {
        // 3x3 mask with only the centre pixel set; 2x2 cells are 1.5x1.5 pixels (area 2.25).
        // Each cell overlaps a quarter (0.5 x 0.5) of the centre pixel: 0.25 / 2.25 = 0.111111.
        float[] mask = [0, 0, 0, 0, 1, 0, 0, 0, 0];
        var f = MaskScores.CellFractions(mask, 3, 3, 2, 2);
        Assert.All(f, v => Assert.Equal(0.111111f, v, 1e-6f));
        // Only the corner pixel set: it lies wholly inside cell (0,0): 1 / 2.25 = 0.444444.
        float[] corner = [1, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(new[] { 0.444444f, 0f, 0f, 0f }, MaskScores.CellFractions(corner, 3, 3, 2, 2).Select(v => MathF.Round(v, 6)));
    }

    [Fact]
    public void Given_a_map_When_oracle_iou_Then_the_best_threshold_wins()
    {
        // map [.9 .2 .6 .4], truth [T F F T].
        // t=.1: pred {0,1,2,3} I=2 U=4 -> .5;  t=.2,.3: {0,2,3} (0.2 is not > 0.2) I=2 U=3 -> .667;
        // t=.4,.5: {0,2} I=1 U=3 -> .333;  t=.6,.7,.8: {0} I=1 U=2 -> .5;  t=.9: {} I=0 U=2 -> 0.
        float[] map = [0.9f, 0.2f, 0.6f, 0.4f];
        bool[] truth = [true, false, false, true];
        Assert.Equal(0.5, MaskScores.IoU(map, truth, 0.1), 12);
        Assert.Equal(2.0 / 3, MaskScores.IoU(map, truth, 0.2), 12);
        Assert.Equal(1.0 / 3, MaskScores.IoU(map, truth, 0.4), 12);
        Assert.Equal(0.0, MaskScores.IoU(map, truth, 0.9), 12);
        var (iou, threshold) = MaskScores.OracleIoU(map, truth);
        Assert.Equal(2.0 / 3, iou, 12);
        Assert.Equal(0.2, threshold, 12);
    }

    [Fact]
    public void Given_a_perfect_map_When_oracle_iou_Then_one()
    {
        float[] map = [0.05f, 0.35f, 0.65f, 0.95f];
        bool[] truth = [false, false, true, true];
        Assert.Equal((1.0, 0.4), MaskScores.OracleIoU(map, truth));
    }

    [Fact]
    public void Given_scores_without_ties_When_auroc_Then_fraction_of_correctly_ordered_pairs()
    {
        // positives {.35, .8}, negatives {.1, .4}: pairs (.35>.1) (.35<.4) (.8>.1) (.8>.4) -> 3/4.
        Assert.Equal(0.75, MaskScores.Auroc([0.1f, 0.4f, 0.35f, 0.8f], [false, false, true, true]), 12);
    }

    [Fact]
    public void Given_tied_scores_When_auroc_Then_a_tie_counts_one_half()
    {
        // positives {.5, .9}, negatives {.5, .2}: (.5=.5)=0.5, (.5>.2)=1, (.9>.5)=1, (.9>.2)=1 -> 3.5/4.
        Assert.Equal(0.875, MaskScores.Auroc([0.5f, 0.5f, 0.2f, 0.9f], [true, false, false, true]), 12);
        // A constant map cannot rank: every pair is a tie -> 0.5.
        Assert.Equal(0.5, MaskScores.Auroc([0f, 0f, 0f], [true, false, true]), 12);
    }

    [Fact]
    public void Given_one_class_only_When_auroc_Then_nan()
    {
        Assert.True(double.IsNaN(MaskScores.Auroc([0.1f, 0.2f], [true, true])));
    }

    [Fact]
    public void Given_two_images_When_accumulated_Then_means_are_per_image()
    {
        var acc = new MapScoreAccumulator();
        acc.Add([0.05f, 0.35f, 0.65f, 0.95f], [false, false, true, true]);  // IoU 1, AUROC 1
        acc.Add([0.9f, 0.2f, 0.6f, 0.4f], [true, false, false, true]);      // IoU 2/3, AUROC: pos {.9,.4} neg {.2,.6} -> 3/4
        Assert.Equal(2, acc.Count);
        Assert.Equal((1 + 2.0 / 3) / 2, acc.MeanIoU!.Value, 12);
        Assert.Equal((1 + 0.75) / 2, acc.MeanAuroc!.Value, 12);
        Assert.Equal((0.4 + 0.2) / 2, acc.MeanThreshold!.Value, 12);
    }

    [Fact]
    public void Given_mismatched_lengths_When_scored_Then_it_throws()
    {
        Assert.Throws<ArgumentException>(() => MaskScores.IoU([0.1f], [true, false], 0.5));
        Assert.Throws<ArgumentException>(() => MaskScores.CellFractions([1f, 0f], 2, 2, 1, 1));
    }
}
