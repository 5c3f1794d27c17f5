using FrozenLm.Tensors;
using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Families;
using FrozenLm.LanguageModels.Onnx;
using FrozenLm.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.FrozenStage;

/// <summary>
/// Linear(d, D_lm, no bias) -> LM block(s) [-> + input when residual] [-> parameter-free RMS norm] -> Linear(D_lm, d,
/// no bias). Keys: <c>mapper_in</c>, <c>lm</c> (the block stack's own keys), <c>mapper_out</c>. In
/// <see cref="LmStageMode.Frozen"/> every block parameter has <c>requires_grad = false</c>; gradients still flow through.
/// </summary>
public sealed class LmBlockStage : LmStage
{
    private readonly Linear mapper_in;
    private readonly nn.Module<Tensor, Tensor> lm;
    private readonly RmsNorm? rms_norm;
    private readonly Linear mapper_out;
    private readonly IReadOnlyList<LmBlock> _blocks;

    /// <param name="visualDim">Width of the visual tokens.</param>
    /// <param name="lmStack">The block stack (forward runs all blocks in order); owned by the stage from now on.</param>
    /// <param name="blocks">The blocks inside <paramref name="lmStack"/>, for the capture points.</param>
    /// <param name="lmDim">The LM hidden size.</param>
    /// <param name="mode">Frozen, Finetune or Random.</param>
    /// <param name="rmsNormEps">When set, a parameter-free RMS norm with this epsilon follows the blocks.</param>
    /// <param name="residual">Adds the block input to its output (R-LLM).</param>
    public LmBlockStage(int visualDim, nn.Module<Tensor, Tensor> lmStack, IReadOnlyList<LmBlock> blocks, int lmDim,
        LmStageMode mode, double? rmsNormEps, bool residual)
        : base(nameof(LmBlockStage), mode, visualDim, lmDim)
    {
        if (mode.Variant is not Variants.LmBlockVariant variant)
            throw new ArgumentException($"an LM block stage cannot run in mode {mode}", nameof(mode));
        if (blocks.Count == 0)
            throw new ArgumentException("at least one LM block is needed", nameof(blocks));
        _blocks = blocks;
        Residual = residual;
        mapper_in = nn.Linear(visualDim, lmDim, hasBias: false);
        lm = lmStack;
        rms_norm = rmsNormEps is { } eps ? new RmsNorm(eps) : null;
        mapper_out = nn.Linear(lmDim, visualDim, hasBias: false);
        Init.TruncNormal(mapper_in.weight!);
        Init.TruncNormal(mapper_out.weight!);
        foreach (var p in lm.parameters())
            p.requires_grad = variant.TrainsBlocks;
        RegisterComponents();
    }

    public bool Residual { get; }
    public bool HasRmsNorm => rms_norm is not null;
    public IReadOnlyList<LmBlock> Blocks => _blocks;
    public nn.Module<Tensor, Tensor> Lm => lm;

    public override long MapperParameterCount => mapper_in.weight!.numel() + mapper_out.weight!.numel();

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var capture = Capture;
        var h = mapper_in.forward(x);                                   // [B, T, D_lm]
        capture?.Invoke(CapturePoints.MapperIn, h);
        var last = _blocks[^1];
        last.Capture = capture is null ? null : (name, t) => capture(CapturePoints.LmPrefix + name, t);
        Tensor y;
        try
        {
            y = lm.forward(h);                                          // [B, T, D_lm]
        }
        finally
        {
            last.Capture = null;
        }
        if (Residual)
            y = y.add(h, Scalars.One);
        if (rms_norm is not null)
            y = rms_norm.forward(y);
        var output = mapper_out.forward(y);                             // [B, T, d]
        capture?.Invoke(CapturePoints.MapperOut, output);
        return output.MoveToOuterDisposeScope();
    }

    public override string EmitOnnx(OnnxGraphBuilder graph, string input, string prefix)
    {
        var w = new OnnxWeights(graph, this, prefix);
        var blockNames = named_modules().ToDictionary(m => (object)m.module, m => m.name, ReferenceEqualityComparer.Instance);
        var h = w.Linear(input, "mapper_in");                                          // [B, T, D_lm]
        var y = h;
        foreach (var block in _blocks)
        {
            var family = block.Config.Family;
            var onnx = family.Onnx ?? throw new UserInputException("--out",
                $"the LM stage's {family.Name} block has no ONNX export; families that export: {string.Join(", ", LmFamilies.OnnxExportable)}");
            y = onnx.Emit(graph, block, y, prefix + blockNames[block] + ".");
        }
        if (lm is LmBlockStack { FinalNorm: true } stack)
            y = graph.RmsNorm(y, null, stack.Config.NormEps, prefix + "lm.final_norm");
        if (Residual)
            y = graph.Node("Add", [y, h], prefix + "residual");
        if (rms_norm is not null)
            y = graph.RmsNorm(y, null, rms_norm.Eps, prefix + "rms_norm");
        return w.Linear(y, "mapper_out");                                              // [B, T, d]
    }
}
