namespace FrozenLm.Tasks;

/// <summary>Where an exported model comes from: the run directory, its weights file and the epoch they were saved at.</summary>
public sealed record ExportProvenance(string RunDir, string WeightsFile, int Epoch);
