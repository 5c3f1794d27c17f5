using FrozenLm.FrozenStage;
using FrozenLm.LanguageModels;
using FrozenLm.Tests.LanguageModels;
using TorchSharp;

namespace FrozenLm.Tests.FrozenStage;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class Phi3GemmaStageTests
{
    [Theory]
    [InlineData("phi3", 2, true)]
    [InlineData("gemma", 1, true)]
    [InlineData("phi3small", 2, false)]
    public void Given_a_frozen_stage_on_the_fixture_When_trained_one_step_Then_only_the_mappers_learn_and_gradients_pass_the_block(
        string family, int lastLayer, bool rmsNorm)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        var (built, info) = LmStageFactory.Create(new LmStageOptions { Source = LmFixtures.Dir(family) }, visualDim: 12, seed: 1);
        using var stage = Assert.IsType<LmBlockStage>(built);
        var config = LmBlockStack.ReadConfig(LmFixtures.Dir(family));
        Assert.Equal((family, rmsNorm, lastLayer), (info.Architecture, info.RmsNorm, info.Layers.Single()));
        Assert.True(stage.HasRmsNorm == rmsNorm, "RMS-norm families get the paper's parameter-free RMS norm by default, LayerNorm families do not");
        Assert.Equal(config.Family.ParameterCountPerLayer(config), info.BlockParameters);
        Assert.All(stage.Lm.parameters(), p => Assert.False(p.requires_grad));
        var trainable = stage.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        Assert.Equal(["mapper_in.weight", "mapper_out.weight"], trainable.Select(p => p.name).Order());
        var blockBefore = stage.Lm.parameters().Select(p => p.detach().clone()).ToList();
        var mapperBefore = trainable.Select(p => p.parameter.detach().clone()).ToList();

        var x = torch.randn(4, 5, 12).requires_grad_(true);
        var target = torch.randn(4, 5, 12);
        var loss = (stage.forward(x) - target).square().mean();
        loss.backward();
        Assert.True(x.grad!.abs().sum().item<float>() > 0, "gradient must reach the stage input through the block");
        var inGrad = trainable.Single(p => p.name == "mapper_in.weight").parameter.grad;
        Assert.True(inGrad is not null && inGrad.abs().sum().item<float>() > 0, "mapper_in (before the block) must get a gradient");
        Assert.All(stage.Lm.parameters(), p => Assert.Null(p.grad));

        using (var optimizer = torch.optim.SGD(trainable.Select(p => p.parameter), 0.05))
            optimizer.step();
        using (torch.no_grad())
        {
            var after = (stage.forward(x) - target).square().mean().item<float>();
            Assert.True(after < loss.item<float>(), $"one SGD step should lower the loss: {loss.item<float>()} -> {after}");
        }
        var blockAfter = stage.Lm.parameters().ToList();
        for (var i = 0; i < blockBefore.Count; i++)
            Assert.Equal(0.0, LmFixtures.MaxAbs(blockBefore[i], blockAfter[i]));
        for (var i = 0; i < trainable.Count; i++)
            Assert.True(LmFixtures.MaxAbs(mapperBefore[i], trainable[i].parameter) > 0, $"{trainable[i].name} did not change");
    }
}
