using FrozenLm.Tasks.PointCloud;
using FrozenLm.Tasks;
using FrozenLm.Training;
using static TorchSharp.torch;

namespace FrozenLm.Analysis;

/// <summary>Explains one run with its task's explainer: <see cref="PointCloudExplainer"/> for point-cloud runs, else <see cref="FilteringExplainer"/>.</summary>
public static class RunExplainer
{
    public static FilteringReport Run(string runDir, string outDir, ExplainOptions options, Device device, TextWriter? log = null) =>
        IsPointCloud(runDir)
            ? PointCloudExplainer.Run(runDir, outDir, options, device, log)
            : FilteringExplainer.Run(runDir, outDir, options, device, log);

    /// <summary>Whether the run's config.json names the point-cloud task.</summary>
    public static bool IsPointCloud(string runDir) =>
        RunConfig.Load(runDir).Options.Task == PointCloudClassificationTaskDefinition.TaskName;
}
