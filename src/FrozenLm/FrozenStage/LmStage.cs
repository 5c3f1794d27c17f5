using FrozenLm.LanguageModels.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.FrozenStage;

/// <summary>
/// The stage inserted into a visual encoder: [B, T, d] in, [B, T, d] out. Reports, when <see cref="Capture"/> is set:
/// <see cref="CapturePoints.MapperIn"/> (after the first linear), <see cref="CapturePoints.LmAttention"/> and
/// <see cref="CapturePoints.LmFfn"/> (the last LM block's sub-layer outputs), <see cref="CapturePoints.LmAttentionProbs"/>
/// ([B, heads, T, T]) and <see cref="CapturePoints.MapperOut"/> (after the second linear). Controls report what they have.
/// </summary>
public abstract class LmStage : nn.Module<Tensor, Tensor>
{
    protected LmStage(string name, LmStageMode mode, int visualDim, int innerDim)
        : base(name)
    {
        Mode = mode;
        VisualDim = visualDim;
        InnerDim = innerDim;
    }

    public LmStageMode Mode { get; }

    /// <summary>Width of the visual tokens (d).</summary>
    public int VisualDim { get; }

    /// <summary>Width inside the stage (D_lm, or the MLP's hidden width).</summary>
    public int InnerDim { get; }

    public Action<string, Tensor>? Capture { get; set; }

    /// <summary>
    /// Reports the stage input as <see cref="CapturePoints.Visual"/>, then runs <paramref name="stage"/> (identity when null) with
    /// <paramref name="capture"/> wired for this call only. Used by <see cref="StagedTrunk"/>.
    /// </summary>
    public static Tensor Run(LmStage? stage, Tensor x, Action<string, Tensor>? capture)
    {
        capture?.Invoke(CapturePoints.Visual, x);
        if (stage is null)
            return x;
        stage.Capture = capture;
        try
        {
            return stage.forward(x);
        }
        finally
        {
            stage.Capture = null;
        }
    }

    /// <summary>Trainable parameters of the two mappers (and, for the MLP, its norm): the count the controls match.</summary>
    public abstract long MapperParameterCount { get; }

    /// <summary>
    /// Writes the stage into an ONNX graph on the value <paramref name="input"/> [B, T, d], its initializers named
    /// <paramref name="prefix"/> + its state-dict keys; returns the output value. A block of a family without ONNX
    /// emission is a <see cref="UserInputException"/> naming the families that export.
    /// </summary>
    public abstract string EmitOnnx(OnnxGraphBuilder graph, string input, string prefix);
}
