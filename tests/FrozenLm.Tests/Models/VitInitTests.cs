using FrozenLm.Models;
using TorchSharp;

namespace FrozenLm.Tests.Models;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class VitInitTests
{
    [Fact]
    public void Given_a_new_ViT_When_built_Then_block_linears_have_timm_init_std_002_and_zero_bias()
    {
        torch.manual_seed(0);
        using var vit = new VisionTransformer(TinyModels.Vit(dim: 96));
        var parameters = vit.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var qkv = parameters["blocks.0.attn.qkv.weight"];
        var std = qkv.std().item<float>();
        Assert.InRange(std, 0.017f, 0.021f);
        Assert.Equal(0f, parameters["blocks.0.mlp.fc1.bias"].abs().max().item<float>());
    }
}
