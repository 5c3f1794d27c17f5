namespace FrozenLm.LanguageModels.Checkpoints.Builtin;

/// <summary>The built-in names <c>minilm</c> and <c>arctic-xs</c> (a file or directory of that name takes precedence).</summary>
public sealed class BuiltinFormat : ICheckpointFormat
{
    public string Name => "builtin";

    public bool CanOpen(string source) =>
        BuiltinLanguageModels.IsBuiltin(source) && !File.Exists(source) && !Directory.Exists(source);

    public LmCheckpoint Open(string source) => BuiltinLanguageModels.Open(source);
}
