using TorchSharp.Modules;

namespace FrozenLm.Training;

/// <summary>A parameter with its state-dict key.</summary>
public sealed record NamedParameter(string Name, Parameter Parameter);
