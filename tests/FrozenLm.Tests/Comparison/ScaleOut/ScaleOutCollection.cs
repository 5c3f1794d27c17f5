namespace FrozenLm.Tests.Comparison.ScaleOut;

/// <summary>The parallel and Slurm tests share one in-process reference run of <see cref="TinyGrid"/>.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaleOutCollection : ICollectionFixture<TinyGrid>
{
    public const string Name = "scale-out";
}
