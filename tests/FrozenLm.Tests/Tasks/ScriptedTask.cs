using System.Text.Json.Nodes;
using FrozenLm.FrozenStage;
using FrozenLm.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Tasks;

/// <summary>The scripted task's model and batches: y = sum(x) fitted by one linear layer; evaluation reports the script.</summary>
public sealed class ScriptedTask : ITrainingTask
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private int _evaluations;

    public ScriptedTask(TrainOptions options)
    {
        Options = options;
        torch.manual_seed(options.Seed);
        _model = nn.Linear(options.TaskOptionsAs<ScriptedTaskOptions>().Width, 1);
    }

    public string Name => ScriptedTaskDefinition.TaskName;
    public string SampleUnit => "signals";
    public nn.Module Model => _model;
    public TrainOptions Options { get; }
    public LmStageInfo? StageInfo => null;
    public int TrainBatchesPerEpoch => 2;
    public int EvalBatchesPerEpoch => 1;

    public JsonObject DescribeData() => new() { ["source"] = "generated" };

    public JsonObject DescribeModel() => new() { ["width"] = Options.TaskOptionsAs<ScriptedTaskOptions>().Width };

    public IEnumerable<ITaskBatch> TrainBatches(int epoch)
    {
        var width = Options.TaskOptionsAs<ScriptedTaskOptions>().Width;
        for (var i = 0; i < TrainBatchesPerEpoch; i++)
            yield return new ScriptedBatch(torch.randn(Options.BatchSize, width));
    }

    public IEnumerable<ITaskBatch> EvalBatches()
    {
        _evaluations++;
        yield return new ScriptedBatch(torch.zeros(Options.BatchSize, Options.TaskOptionsAs<ScriptedTaskOptions>().Width));
    }

    public Tensor TrainLoss(ITaskBatch batch)
    {
        var x = ((ScriptedBatch)batch).Inputs;
        using var scope = torch.NewDisposeScope();
        return _model.forward(x).squeeze(1).sub(x.sum(1)).square().mean().MoveToOuterDisposeScope();
    }

    public void Evaluate(ITaskBatch batch, MetricTotals totals)
    {
        var errors = Options.TaskOptionsAs<ScriptedTaskOptions>().Errors;
        totals.Add("loss", 0);
        totals.Add("err", errors[Math.Min(_evaluations, errors.Length) - 1] * batch.Size);
        totals.AddSamples(batch.Size);
    }

    public void Dispose() => _model.Dispose();
}
