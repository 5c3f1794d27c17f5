namespace FrozenLm.Bench;

/// <summary>Registers the benchmarks of each area; one line per area.</summary>
internal static class BenchRegistry
{
    public static void RegisterAll()
    {
        BenchMain.Register("data-loader", "image loader img/s with the full augmentation recipe at 28/32/224 px", DataLoaderBench.Run);
        LmBenchmarks.Register();
        GgufBench.Register();
        BenchMain.Register("gc-stress", "image (every LM mode) and point-cloud runs under forced GC, bit-identical to plain runs [epochs] [modes]", Reliability.GcStressBench.Run);
        BenchMain.Register("kill-resume", "kill -9 train and compare children at seeded moments, resume, check bit-identity [train-kills] [compare-kills] [seed]", Reliability.KillResumeBench.Run);
        BenchMain.Register("pointcloud-grouping", "CPU ms per batch of FPS (loop vs tensor steps), kNN and grouping at the quick/standard shapes [repeats]", Training.PointGroupingBench.Run);
        BenchMain.Register("train-step", "image task: loader batches/s, training steps/s per LM mode [preset] [steps] [modes]", Training.TrainStepBench.Run);
    }
}
