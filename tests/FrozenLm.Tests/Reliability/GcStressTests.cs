using FrozenLm.FrozenStage;
using FrozenLm.Runtime;
using FrozenLm.Tasks;
using FrozenLm.Tasks.PointCloud;
using FrozenLm.Tensors;
using FrozenLm.Tests.Training;
using FrozenLm.Training;

namespace FrozenLm.Tests.Reliability;

/// <summary>
/// Short CI version of <c>bench gc-stress</c>: every LM-stage mode trains with a thread forcing full collections and
/// finalizers in a loop, and ends with weights and metrics bit-identical to the same run without it.
/// </summary>
[Collection(Runtime.RuntimeCollection.Name)]
public sealed class GcStressTests
{
    public static TheoryData<string> Modes => new() { "none", "mlp", "frozen", "finetune", "random" };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Given_forced_collections_in_a_loop_When_an_image_run_trains_Then_it_ends_bit_identical(string mode)
    {
        var data = TinyImageData.WriteIdx(TestPaths.NewTempDir("gc-data"), train: 32, test: 16);
        var options = TinyRuns.Options(data, LmStageMode.Parse(mode), epochs: 1);
        AssertStressedRunIdentical(options, mode);
    }

    [Fact]
    public void Given_forced_collections_in_a_loop_When_a_point_cloud_run_trains_Then_it_ends_bit_identical()
    {
        var options = TrainOptions.Resolve("pointcloud", "quick", new TrainOverrides
        {
            Flags = new Dictionary<string, object?> { ["--points"] = 64, ["--groups"] = 8, ["--group-size"] = 8, ["--dim"] = 16, ["--depth"] = 1, ["--heads"] = 2 },
            Epochs = 1, BatchSize = 8, LmMode = LmStageMode.Frozen, Lm = "minilm", LmLayers = [5], Seed = 5,
        }).WithTask<PointCloudTaskOptions>(pc => pc with { ShapesTrainPerClass = 2, ShapesTestPerClass = 1, PointNetHidden = 8, EncoderDims = 16 });
        AssertStressedRunIdentical(options, "pointcloud");
    }

    private static void AssertStressedRunIdentical(TrainOptions options, string name)
    {
        var plain = Path.Combine(TestPaths.NewTempDir($"gc-plain-{name}"), "run");
        var expected = TrainingRunner.Run(options, plain);
        var stressed = Path.Combine(TestPaths.NewTempDir($"gc-stressed-{name}"), "run");
        RunSummary actual;
        long collections;
        using (var pressure = new GcPressure())
        {
            actual = TrainingRunner.Run(options, stressed);
            collections = pressure.Collections;
        }
        Assert.True(collections > 10, $"only {collections} forced collections during the run");
        Assert.Equal(expected.FinalMetrics, actual.FinalMetrics);
        AssertSameBytes(Path.Combine(plain, RunFiles.LastWeights), Path.Combine(stressed, RunFiles.LastWeights));
        AssertSameBytes(Path.Combine(plain, RunFiles.TrainState), Path.Combine(stressed, RunFiles.TrainState));
    }

    internal static void AssertSameBytes(string expected, string actual)
    {
        using var a = SafetensorsFile.Open(expected);
        using var b = SafetensorsFile.Open(actual);
        Assert.Equal(a.Names.Order(), b.Names.Order());
        foreach (var name in a.Names)
        {
            using var ta = a.Read(name);
            using var tb = b.Read(name);
            Assert.True(ta.bytes.SequenceEqual(tb.bytes), $"{name} differs between {expected} and {actual}");
        }
    }
}
