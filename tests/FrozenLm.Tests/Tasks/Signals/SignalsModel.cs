using FrozenLm.FrozenStage;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Tasks.Signals;

/// <summary>
/// tokens [B, T, S] -> linear embedding + position -> LM stage (or none) -> mean over tokens -> linear head -> [B].
/// With <see cref="Capture"/> set it reports "visual" (the stage input) and whatever the stage reports.
/// </summary>
internal sealed class SignalsModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear embed;
    private readonly Parameter pos;
    private readonly LmStage? lm_stage;
    private readonly Linear head;

    public SignalsModel(int dim, LmStage? stage) : base("signals")
    {
        embed = nn.Linear(SignalsOptions.TokenSize, dim);
        pos = nn.Parameter(torch.randn(1, SignalsOptions.Tokens, dim) * 0.02);
        lm_stage = stage;
        head = nn.Linear(dim, 1);
        RegisterComponents();
    }

    public Action<string, Tensor>? Capture { get; set; }

    public override Tensor forward(Tensor tokens)
    {
        using var scope = torch.NewDisposeScope();
        var x = embed.forward(tokens) + pos;                                    // [B, T, d]
        Capture?.Invoke("visual", x);
        if (lm_stage is not null)
        {
            lm_stage.Capture = Capture;
            try
            {
                x = lm_stage.forward(x);                                        // [B, T, d]
            }
            finally
            {
                lm_stage.Capture = null;
            }
        }
        return head.forward(x.mean([1])).squeeze(-1).MoveToOuterDisposeScope(); // [B]
    }
}
