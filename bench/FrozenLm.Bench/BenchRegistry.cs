namespace FrozenLm.Bench;

/// <summary>Registers the benchmarks of each area; one line per area.</summary>
internal static class BenchRegistry
{
    public static void RegisterAll()
    {
        BenchMain.Register("train-step", "image task: loader batches/s, training steps/s per LM mode [preset] [steps] [modes]", Training.TrainStepBench.Run);
    }
}
