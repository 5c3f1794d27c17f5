namespace FrozenLm.LanguageModels.Checkpoints.Pickle;

/// <summary>An allowed global a pickle named (a tensor rebuild function, OrderedDict, or a storage type).</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
}
