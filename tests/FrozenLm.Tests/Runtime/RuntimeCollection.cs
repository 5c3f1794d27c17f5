namespace FrozenLm.Tests.Runtime;

/// <summary>Tests that touch global torch state (threads, seeds, defaults) run in this one collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RuntimeCollection
{
    public const string Name = "torch-global-state";
}
