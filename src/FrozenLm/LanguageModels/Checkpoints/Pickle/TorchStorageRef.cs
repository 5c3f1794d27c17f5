namespace FrozenLm.LanguageModels.Checkpoints.Pickle;

/// <summary>A typed torch storage named by a pickle's persistent id: its dtype, zip entry key and element count.</summary>
internal sealed record TorchStorageRef(string DType, string Key, long ElementCount);
