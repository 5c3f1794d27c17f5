using FrozenLm.Layers;
using FrozenLm.LanguageModels.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.FrozenStage;

/// <summary>
/// The paper's MLP control: Linear(d, h, no bias) -> GELU -> LayerNorm(h) -> Linear(h, d, no bias), with h chosen so
/// its trainable parameter count (2·d·h + 2·h) is as close as possible to the frozen variant's mappers (2·d·D_lm).
/// Keys: <c>mapper_in</c>, <c>norm</c>, <c>mapper_out</c>.
/// </summary>
public sealed class MlpStage : LmStage
{
    private readonly Linear mapper_in;
    private readonly GELU act;
    private readonly LayerNorm norm;
    private readonly Linear mapper_out;

    /// <summary>The LayerNorm's epsilon (timm's).</summary>
    public const double NormEps = 1e-6;

    public MlpStage(int visualDim, int lmDim)
        : this(visualDim, lmDim, MatchedHidden(visualDim, lmDim))
    {
    }

    private MlpStage(int visualDim, int lmDim, int hidden)
        : base(nameof(MlpStage), LmStageMode.Mlp, visualDim, hidden)
    {
        TargetParameterCount = 2L * visualDim * lmDim;
        mapper_in = nn.Linear(visualDim, hidden, hasBias: false);
        act = nn.GELU();
        norm = nn.LayerNorm(hidden, eps: NormEps);
        mapper_out = nn.Linear(hidden, visualDim, hasBias: false);
        Init.TruncNormal(mapper_in.weight!);
        Init.TruncNormal(mapper_out.weight!);
        RegisterComponents();
    }

    /// <summary>The frozen variant's mapper count this MLP matches (2·d·D_lm).</summary>
    public long TargetParameterCount { get; }

    public override long MapperParameterCount => ParameterCount(VisualDim, InnerDim);

    /// <summary>Trainable parameters of an MLP control of hidden width <paramref name="hidden"/>.</summary>
    public static long ParameterCount(int visualDim, int hidden) => 2L * visualDim * hidden + 2L * hidden;

    /// <summary>The hidden width whose parameter count is closest to 2·d·D_lm (ties: the smaller width).</summary>
    public static int MatchedHidden(int visualDim, int lmDim)
    {
        var target = 2L * visualDim * lmDim;
        var guess = (int)((long)visualDim * lmDim / (visualDim + 1));
        var best = Math.Max(1, guess);
        foreach (var h in new[] { guess - 1, guess, guess + 1, guess + 2 })
        {
            if (h >= 1 && Math.Abs(ParameterCount(visualDim, h) - target) < Math.Abs(ParameterCount(visualDim, best) - target))
                best = h;
        }
        return best;
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var capture = Capture;
        var h = mapper_in.forward(x);                                   // [B, T, h]
        capture?.Invoke(CapturePoints.MapperIn, h);
        var output = mapper_out.forward(norm.forward(act.forward(h)));  // [B, T, d]
        capture?.Invoke(CapturePoints.MapperOut, output);
        return output.MoveToOuterDisposeScope();
    }

    public override string EmitOnnx(OnnxGraphBuilder graph, string input, string prefix)
    {
        var w = new OnnxWeights(graph, this, prefix);
        var h = graph.ErfGelu(w.Linear(input, "mapper_in"), prefix + "act");
        return w.Linear(w.LayerNorm(h, "norm", NormEps), "mapper_out");
    }
}
