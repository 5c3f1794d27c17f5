using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Models.VisionLanguage;

/// <summary>
/// METER's VQA head: Linear(in, 2 in) -> LayerNorm -> GELU -> Linear(2 in, answers), keys <c>0</c>, <c>1</c>, <c>3</c>
/// as METER's <c>vqa_classifier</c> sequential.
/// </summary>
public static class VqaClassifier
{
    public static nn.Module<Tensor, Tensor> Create(int input, int answers) =>
        nn.Sequential(nn.Linear(input, 2L * input), nn.LayerNorm(2L * input), nn.GELU(), nn.Linear(2L * input, answers));
}
