using FrozenLm.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Training;

/// <summary>
/// One optimisation step of a task as the trainer takes it: zero the gradients, the task's loss, backward, global-norm
/// clipping of the trainable parameters, AdamW update at the given learning rate. The caller owns the dispose scope.
/// </summary>
public sealed class TrainingStep
{
    private readonly ITrainingTask _task;
    private readonly AdamW _optimizer;
    private readonly IReadOnlyList<Tensor> _trainable;
    private readonly double _clipGrad;

    public TrainingStep(ITrainingTask task, AdamW optimizer, ParameterGroups groups)
    {
        _task = task;
        _optimizer = optimizer;
        _trainable = groups.Trainable.Select(p => (Tensor)p.Parameter).ToList();
        _clipGrad = task.Options.ClipGrad;
    }

    /// <summary>Takes the step on <paramref name="batch"/>; returns the loss and the gradient norm before clipping.</summary>
    public (float Loss, double GradNorm) Take(ITaskBatch batch, double lr, Func<float, Exception>? onNonFinite = null)
    {
        _optimizer.ZeroGrad();
        var loss = _task.TrainLoss(batch);
        var value = loss.item<float>();
        if (!float.IsFinite(value))
            throw onNonFinite?.Invoke(value) ?? new InvalidOperationException($"training diverged: loss {value}");
        loss.backward();
        var norm = GradientClipping.ClipGlobalNorm(_trainable, _clipGrad);
        _optimizer.Update(lr);
        return (value, norm);
    }
}
