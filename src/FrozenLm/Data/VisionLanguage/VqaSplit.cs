namespace FrozenLm.Data.VisionLanguage;

/// <summary>One split of a VQA data set: its name, its questions and the images they ask about.</summary>
public sealed record VqaSplit(string Name, IReadOnlyList<VqaSample> Samples, IVqaImages Images);
