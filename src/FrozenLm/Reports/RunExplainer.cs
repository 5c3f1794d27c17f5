using FrozenLm.Analysis;
using FrozenLm.Runtime;
using FrozenLm.Tasks;
using FrozenLm.Training;
using static TorchSharp.torch;

namespace FrozenLm.Reports;

/// <summary>Explains one run with its task's explainer (<see cref="ITaskDefinition.Explainer"/>), found through the task registry.</summary>
public static class RunExplainer
{
    /// <summary>The run's explainer after it accepted <paramref name="options"/>; throws <see cref="UserInputException"/> before any model is built.</summary>
    public static ITaskExplainer Check(string runDir, ExplainOptions options)
    {
        var explainer = TrainedRun.Hook(runDir, d => d.Explainer, "explain");
        options.Values.CheckDeclared(explainer.Flags, TrainedRun.DefinitionOf(runDir).Name, "explain");
        explainer.CheckOptions(options, runDir);
        options.Validate();
        return explainer;
    }

    /// <summary>Reopens the run (best weights) and explains it into <paramref name="outDir"/>.</summary>
    public static TaskExplanation Run(string runDir, string outDir, ExplainOptions options, Device device, TextWriter? log = null)
    {
        var explainer = Check(runDir, options);
        TorchRuntime.EnsureLoaded();
        using var run = TrainedRun.Open(runDir, device);
        var explanation = explainer.Explain(run.Task, runDir, outDir, options, device, log);
        return explanation.Report.Task == run.Definition.Name
            ? explanation
            : explanation with { Report = explanation.Report with { Task = run.Definition.Name } };
    }
}
