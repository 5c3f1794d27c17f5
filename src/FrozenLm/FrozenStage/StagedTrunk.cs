using FrozenLm.Flops;
using FrozenLm.Tensors;
using FrozenLm.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.FrozenStage;

/// <summary>
/// The transformer blocks of a model with the LM stage at its position: tail (after the last block, the paper), middle
/// (after block depth/2 - 1) or head (before the first block). Tokens [B, T, d] in and out. A <see cref="ModulePart"/>:
/// its host registers it flat, keys <c>blocks.{i}.*</c> and <c>lm_stage.*</c>; the host initialises the blocks after
/// registering (a module list has no children to visit before that).
/// </summary>
/// <remarks>
/// Capture points (not detached): <see cref="CapturePoints.Visual"/> (the stage input, or the last block's output
/// without a stage), <see cref="CapturePoints.VisualAttentionProbs"/> (the last block's softmax weights) and the
/// stage's own points (see <see cref="LmStage"/>).
/// </remarks>
public sealed class StagedTrunk : ModulePart
{
    private readonly ModuleList<VitBlock> _blocks;
    private readonly VitBlock[] _blockArray;

    /// <param name="blocks">The transformer blocks, run in order.</param>
    /// <param name="stage">The LM stage (or control), or null for the plain trunk.</param>
    /// <param name="position">Where the stage runs.</param>
    public StagedTrunk(IEnumerable<VitBlock> blocks, LmStage? stage, LmStagePosition position)
    {
        _blockArray = [.. blocks];
        _blocks = new ModuleList<VitBlock>();
        foreach (var block in _blockArray)
            _blocks.Add(block);
        AddModule("blocks", _blocks);
        if (stage is not null)
            AddModule("lm_stage", stage);
        Stage = stage;
        Position = position;
    }

    public IReadOnlyList<VitBlock> Blocks => _blockArray;
    public LmStage? Stage { get; }
    public LmStagePosition Position { get; }
    public int Depth => _blockArray.Length;

    /// <summary>Index of the block after which the stage runs (-1 = before the first block).</summary>
    public int StageAfterBlock => AfterBlock(Position, Depth);

    /// <summary>FLOPs of the blocks and the stage on <paramref name="tokens"/> tokens per sample.</summary>
    public FlopCount Flops(long tokens) =>
        _blockArray.Aggregate(Stage is null ? FlopCount.Zero : ModuleFlops.RowWise(Stage, tokens), (sum, b) => sum + ModuleFlops.RowWise(b, tokens));

    /// <summary>Index of the block after which a stage at <paramref name="position"/> runs in a trunk of <paramref name="depth"/>.</summary>
    public static int AfterBlock(LmStagePosition position, int depth) => position switch
    {
        LmStagePosition.Tail => depth - 1,
        LmStagePosition.Middle => depth / 2 - 1,
        _ => -1,
    };

    /// <summary>
    /// Runs the blocks and the stage on <paramref name="tokens"/> [B, T, d]. When <paramref name="position"/> is given
    /// (Point-BERT), it is added to the input of every block, not to the stage's. <paramref name="keyMask"/> [B, T] bool
    /// (true = a real token) keeps the blocks' attention off padding; the LM stage attends to every token.
    /// </summary>
    public Tensor Forward(Tensor tokens, Tensor? position = null, Action<string, Tensor>? capture = null, Tensor? keyMask = null)
    {
        using var scope = torch.NewDisposeScope();
        var x = tokens;
        var stageAfter = Stage is null ? Depth - 1 : StageAfterBlock;
        if (stageAfter < 0)
            x = LmStage.Run(Stage, x, capture);
        var last = Depth - 1;
        for (var i = 0; i < Depth; i++)
        {
            var block = _blockArray[i];
            block.Attn.CaptureProbs = capture is not null && i == last ? p => capture(CapturePoints.VisualAttentionProbs, p) : null;
            block.Attn.KeyMask = keyMask;
            try
            {
                x = block.forward(position is null ? x : x.add(position, Scalars.One));          // [B, T, d]
            }
            finally
            {
                block.Attn.CaptureProbs = null;
                block.Attn.KeyMask = null;
            }
            if (i == stageAfter)
                x = LmStage.Run(Stage, x, capture);
        }
        return (ReferenceEquals(x, tokens) ? x.alias() : x).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Writes the blocks and the stage at its position into an ONNX graph on <paramref name="tokens"/> [B, T, d];
    /// initializers keep the host's keys (<c>blocks.{i}.*</c>, <c>lm_stage.*</c>). Returns the output value.
    /// </summary>
    public string EmitOnnx(OnnxGraphBuilder graph, string tokens)
    {
        var x = tokens;
        var stageAfter = Stage is null ? Depth - 1 : StageAfterBlock;
        if (stageAfter < 0 && Stage is not null)
            x = Stage.EmitOnnx(graph, x, "lm_stage.");
        for (var i = 0; i < Depth; i++)
        {
            x = _blockArray[i].EmitOnnx(graph, x, $"blocks.{i}.");
            if (i == stageAfter && Stage is not null)
                x = Stage.EmitOnnx(graph, x, "lm_stage.");
        }
        return x;
    }
}
