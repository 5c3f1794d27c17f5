using FrozenLm.FrozenStage;
using FrozenLm.Tasks;
using FrozenLm.Tasks.Image;
using FrozenLm.Tasks.PointCloud;
using FrozenLm.Tests.Models;
using FrozenLm.Tests.Training;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Tasks;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class StagePairingTests
{
    private static readonly LmStageMode[] Modes = [LmStageMode.None, LmStageMode.Frozen, LmStageMode.Mlp];

    private static Dictionary<string, Tensor> TrunkAndHead(ITrainingTask task) => task.Model.named_parameters()
        .Where(p => !p.name.Contains("lm_stage", StringComparison.Ordinal))
        .ToDictionary(p => p.name, p => p.parameter.detach().clone());

    private static void AssertSameTrunks(Func<LmStageMode, ITrainingTask> create)
    {
        var reference = (Dictionary<string, Tensor>?)null;
        foreach (var mode in Modes)
        {
            using var task = create(mode);
            Assert.Equal(mode != LmStageMode.None, task.Model.named_parameters().Any(p => p.name.Contains("lm_stage", StringComparison.Ordinal)));
            var weights = TrunkAndHead(task);
            reference ??= weights;
            Assert.Equal(reference.Keys.Order(), weights.Keys.Order());
            foreach (var (name, value) in weights)
                Assert.True(TensorAssert.Identical(reference[name], value), $"{name} differs between lm modes none and {mode}");
        }
    }

    [Fact]
    public void Given_one_seed_When_building_image_tasks_with_lm_modes_none_frozen_mlp_Then_encoder_and_head_are_bit_identical()
    {
        var data = TinyImageData.WriteIdx(TestPaths.NewTempDir("pairing-data"));
        AssertSameTrunks(mode => new ImageClassificationTask(TinyRuns.Options(data, mode, seed: 9), CPU));
    }

    [Fact]
    public void Given_one_seed_When_building_pointcloud_tasks_with_lm_modes_none_frozen_mlp_Then_encoder_and_head_are_bit_identical()
    {
        AssertSameTrunks(mode => new PointCloudClassificationTask(TrainOptions.Resolve("pointcloud", "quick", new TrainOverrides
        {
            Epochs = 1, BatchSize = 8, LmMode = mode, Seed = 9,
            Flags = new Dictionary<string, object?> { ["--points"] = 64, ["--groups"] = 8, ["--group-size"] = 8, ["--dim"] = 32, ["--depth"] = 2, ["--heads"] = 2 },
        }).WithTask<PointCloudTaskOptions>(pc => pc with { ShapesTrainPerClass = 2, ShapesTestPerClass = 1, PointNetHidden = 8, EncoderDims = 32 }), CPU));
    }
}
