namespace FrozenLm.LanguageModels.Checkpoints;

/// <summary>The registry of checkpoint formats, tried in order by <see cref="LmCheckpointLoader"/>. One line per format.</summary>
public static class LmCheckpointFormats
{
    public static IReadOnlyList<ICheckpointFormat> All { get; } =
    [
        new HuggingFaceFormat(),
        new Pickle.MetaPthFormat(),
        new Onnx.OnnxFormat(),
        new Builtin.BuiltinFormat(),
        new Gguf.GgufFormat(),
    ];
}
