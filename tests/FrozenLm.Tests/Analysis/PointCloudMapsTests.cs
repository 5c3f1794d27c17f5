using FrozenLm.Tasks.PointCloud;
using FrozenLm.Analysis;
using FrozenLm.Encoders.PointCloud;
using TorchSharp;

namespace FrozenLm.Tests.Analysis;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class PointCloudMapsTests
{
    [Fact]
    public void Given_clouds_with_one_spread_cluster_among_point_like_ones_When_maps_are_captured_Then_map_value_g_belongs_to_centre_g()
    {
        // Depth 0 and no stage: the captured "visual" tokens are CLS + the tokenizer output of each group. Three clusters
        // collapse to one point each (identical all-zero neighbourhoods, identical tokens); only the spread cluster's token
        // differs, so its group has the top magnitude, and its centre must lie in that cluster.
        torch.manual_seed(7);
        var config = new PointBertConfig
        {
            Points = 32, Groups = 4, GroupSize = 8, Dim = 16, Depth = 0, Heads = 2, PointNetHidden = 8, EncoderDims = 16,
            PosEmbedHidden = 8, HeadHidden = 8,
        };
        using var model = new PointBertClassifier(config, classes: 3);
        model.eval();
        float[][] anchors = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0]];
        var data = new float[2 * 32 * 3];
        int[] spreadCluster = [1, 3];
        var rng = new Random(3);
        for (var b = 0; b < 2; b++)
        {
            for (var k = 0; k < 4; k++)
            {
                for (var j = 0; j < 8; j++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        var jitter = k == spreadCluster[b] ? 0.1f * (rng.NextSingle() - 0.5f) : 0f;
                        data[(b * 32 + k * 8 + j) * 3 + c] = anchors[k][c] + jitter;
                    }
                }
            }
        }
        using var points = torch.tensor(data, [2, 32, 3]);

        var maps = PointCloudExplainer.CaptureMaps(model, points, torch.CPU);

        Assert.Equal(4, maps.Groups);
        for (var b = 0; b < 2; b++)
        {
            var magnitude = maps.MapOf("visual/magnitude", b);
            var top = Array.IndexOf(magnitude, magnitude.Max());
            Assert.Equal(1f, magnitude[top]);
            Assert.Equal(3, magnitude.Count(v => v == 0f));
            var centres = maps.CentresOf(b);
            var anchor = anchors[spreadCluster[b]];
            for (var c = 0; c < 3; c++)
                Assert.InRange(centres[3 * top + c], anchor[c] - 0.06f, anchor[c] + 0.06f);
        }
    }

    [Fact]
    public void Given_outlier_centres_When_a_map_is_exactly_high_on_object_groups_Then_auroc_is_one_and_reversed_zero()
    {
        // Cloud of 6 points; points 1 and 4 are outliers. Centres: points 0, 1, 3, 4, 5 (two outlier groups).
        float[] cloud = [0, 0, 0, 0.9f, 0.9f, 0.9f, 0.1f, 0, 0, 0.2f, 0, 0, -0.8f, 0.7f, -0.6f, 0.3f, 0, 0];
        bool[] outliers = [false, true, false, false, true, false];
        int[] centreIndex = [0, 1, 3, 4, 5];
        var centres = centreIndex.SelectMany(i => cloud.Skip(3 * i).Take(3)).ToArray();

        var truth = PointCloudExplainer.ObjectGroups(centres, cloud, outliers);
        var high = truth.Select(t => t ? 0.8f : 0.1f).ToArray();
        var reversed = truth.Select(t => t ? 0.1f : 0.8f).ToArray();
        var acc = new MapScoreAccumulator();
        acc.Add(high, truth);
        acc.Add(reversed, truth);

        Assert.Equal([true, false, true, false, true], truth);
        Assert.Equal(1.0, MaskScores.Auroc(high, truth));
        Assert.Equal(0.0, MaskScores.Auroc(reversed, truth));
        Assert.Equal(0.5, acc.MeanAuroc);
    }
}
