using FrozenLm.Flops;
using FrozenLm.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.Motion;

/// <summary>
/// One of mmTransformer's stacked transformers: an encoder (<c>encoder.{i}</c>, pre-LN blocks with a key mask) over a
/// stage's tokens (history steps, lane segments or agents) and a decoder (<c>decoder.{i}</c>) in which the trajectory
/// proposals attend to the encoded tokens. A learned <c>null_token</c> is prepended to the memory so a scene without
/// any token of this kind (no lanes, no other agents) still has one key to attend to.
/// </summary>
public sealed class StackedTransformer : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly ModuleList<VitBlock> encoder;
    private readonly ModuleList<ProposalDecoderLayer> decoder;
    private readonly Parameter null_token;

    public StackedTransformer(int dim, int heads, double mlpRatio, int encoderLayers, int decoderLayers)
        : base(nameof(StackedTransformer))
    {
        encoder = new ModuleList<VitBlock>();
        for (var i = 0; i < encoderLayers; i++)
            encoder.Add(new VitBlock(dim, heads, mlpRatio, 0, qkvBias: true, normEps: 1e-5));
        decoder = new ModuleList<ProposalDecoderLayer>();
        for (var i = 0; i < decoderLayers; i++)
            decoder.Add(new ProposalDecoderLayer(dim, heads, mlpRatio));
        null_token = nn.Parameter(torch.zeros(1, 1, dim));
        RegisterComponents();
        using (torch.no_grad())
        {
            Init.VitDefaults(this);
            Init.TruncNormal(null_token);
        }
    }

    /// <summary>FLOPs per scene: the encoder on the null token and <paramref name="tokens"/> tokens, the decoder on <paramref name="proposals"/> proposals.</summary>
    public FlopCount Flops(long proposals, long tokens)
    {
        var memory = tokens + 1;
        var count = encoder.Aggregate(FlopCount.Zero, (sum, block) => sum + ModuleFlops.RowWise(block, memory));
        return decoder.Aggregate(count, (sum, layer) => sum + layer.Flops(proposals, memory));
    }

    /// <summary>Proposals [B, M, d] after this stage, from its <paramref name="tokens"/> [B, S, d] and their mask [B, S].</summary>
    public override Tensor forward(Tensor proposals, Tensor tokens, Tensor mask)
    {
        using var scope = torch.NewDisposeScope();
        var b = tokens.shape[0];
        var memory = torch.cat([null_token.expand(b, 1, tokens.shape[2]), tokens], 1);               // [B, 1 + S, d]
        var keyMask = torch.cat([torch.ones(b, 1, dtype: ScalarType.Bool, device: mask.device), mask], 1);
        foreach (var block in encoder)
        {
            block.Attn.KeyMask = keyMask;
            try
            {
                memory = block.forward(memory);
            }
            finally
            {
                block.Attn.KeyMask = null;
            }
        }
        var x = proposals;
        foreach (var layer in decoder)
            x = layer.forward(x, memory, keyMask);
        return x.MoveToOuterDisposeScope();
    }
}
