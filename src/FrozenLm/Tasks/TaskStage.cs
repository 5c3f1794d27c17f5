using FrozenLm.FrozenStage;
using FrozenLm.Runtime;
using FrozenLm.Training;
using TorchSharp;

namespace FrozenLm.Tasks;

/// <summary>
/// Builds a run's LM stage under its own random stream (<c>Seeding.Derive(seed, "stage")</c>), so that the encoder and
/// head a task builds afterwards from the <c>"model"</c> stream get the same initial weights whatever the stage is
/// (none, frozen, MLP, ...): compare pairs variants on identical trunks.
/// </summary>
public static class TaskStage
{
    public static (LmStage? Stage, LmStageInfo Info) Create(TrainOptions options, int visualDim, string? expectedLmChecksum)
    {
        torch.manual_seed(Seeding.Derive(options.Seed, "stage")).Dispose();
        using var timed = PhaseClock.Enter(RunTiming.LmLoad);
        return LmStageFactory.Create(options.Lm, visualDim, Seeding.Derive(options.Seed, "lm-random"), expectedLmChecksum);
    }
}
