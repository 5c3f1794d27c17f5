namespace FrozenLm.Fuzz.Targets;

/// <summary>
/// One fuzz target: a reader of untrusted bytes, fed an input the way the product feeds it (usually as a file in a
/// scratch folder). <see cref="Run"/> returns normally or throws; only <see cref="UserInputException"/> is handled.
/// </summary>
public sealed record FuzzTarget(string Name, string Reader, Action<byte[], FuzzScratch> Run);
