using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.Motion;

/// <summary>
/// VectorNet's polyline subgraph: <see cref="Layers"/> layers, each a shared node MLP (Linear -> LayerNorm -> ReLU)
/// applied to every vector, whose output is concatenated with its max-pool over the polyline's vectors; the polyline's
/// feature is the max-pool of the last layer's. Vectors [B, P, V, F] and their mask [B, P, V] -> [B, P, 2 * hidden].
/// Padded vectors take no part; a polyline without vectors gets zeros. Keys <c>layers.{i}.fc</c>, <c>layers.{i}.norm</c>.
/// </summary>
public sealed class PolylineSubgraph : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<SubgraphLayer> layers;

    public PolylineSubgraph(int inputDim, int hidden, int depth)
        : base(nameof(PolylineSubgraph))
    {
        if (depth < 1)
            throw new UserInputException("--subgraph-layers", $"must be at least 1, got {depth}");
        layers = new ModuleList<SubgraphLayer>();
        for (var i = 0; i < depth; i++)
            layers.Add(new SubgraphLayer(i == 0 ? inputDim : 2 * hidden, hidden));
        RegisterComponents();
        OutputDim = 2 * hidden;
    }

    public int Layers => layers.Count;
    public int OutputDim { get; }

    public override Tensor forward(Tensor vectors, Tensor mask)
    {
        using var scope = torch.NewDisposeScope();
        var keep = mask.unsqueeze(-1).to_type(vectors.dtype);                      // [B, P, V, 1]
        var x = vectors;
        foreach (var layer in layers)
        {
            var h = layer.forward(x).mul(keep);                                    // [B, P, V, h], >= 0, 0 where padded
            var pooled = h.amax([2], keepdim: true).expand_as(h);                  // [B, P, V, h]
            x = torch.cat([h, pooled], -1);                                        // [B, P, V, 2h]
        }
        return x.amax([2]).MoveToOuterDisposeScope();                              // [B, P, 2h]
    }

    /// <summary>One node MLP: Linear -> LayerNorm -> ReLU (keys <c>fc</c>, <c>norm</c>).</summary>
    public sealed class SubgraphLayer : nn.Module<Tensor, Tensor>
    {
        private readonly Linear fc;
        private readonly LayerNorm norm;

        public SubgraphLayer(int inputDim, int hidden)
            : base(nameof(SubgraphLayer))
        {
            fc = nn.Linear(inputDim, hidden);
            norm = nn.LayerNorm(hidden);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = torch.NewDisposeScope();
            return nn.functional.relu(norm.forward(fc.forward(x))).MoveToOuterDisposeScope();
        }
    }
}
