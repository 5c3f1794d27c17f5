using FrozenLm.Encoders.PointCloud;
using FrozenLm.FrozenStage;
using FrozenLm.Models;

namespace FrozenLm.Tests.Models;

/// <summary>
/// Pins the composed models' full state-dict key lists (name and shape, in order) to those of the models before the
/// encoder -> trunk -> head refactor (captured from main at fefdcee), so checkpoints keep loading.
/// </summary>
[Collection(Runtime.RuntimeCollection.Name)]
public sealed class ModelKeyTests
{
    private static readonly string[] VitKeys =
    [
        "cls_token 1x1x24", "pos_embed 1x5x24", "patch_embed.proj.weight 24x1x4x4", "patch_embed.proj.bias 24",
        "blocks.0.norm1.weight 24", "blocks.0.norm1.bias 24", "blocks.0.attn.qkv.weight 72x24",
        "blocks.0.attn.qkv.bias 72", "blocks.0.attn.proj.weight 24x24", "blocks.0.attn.proj.bias 24",
        "blocks.0.norm2.weight 24", "blocks.0.norm2.bias 24", "blocks.0.mlp.fc1.weight 48x24",
        "blocks.0.mlp.fc1.bias 48", "blocks.0.mlp.fc2.weight 24x48", "blocks.0.mlp.fc2.bias 24",
        "blocks.1.norm1.weight 24", "blocks.1.norm1.bias 24", "blocks.1.attn.qkv.weight 72x24",
        "blocks.1.attn.qkv.bias 72", "blocks.1.attn.proj.weight 24x24", "blocks.1.attn.proj.bias 24",
        "blocks.1.norm2.weight 24", "blocks.1.norm2.bias 24", "blocks.1.mlp.fc1.weight 48x24",
        "blocks.1.mlp.fc1.bias 48", "blocks.1.mlp.fc2.weight 24x48", "blocks.1.mlp.fc2.bias 24",
        "lm_stage.mapper_in.weight 32x24", "lm_stage.lm.layers.0.self_attn.q_proj.weight 32x32",
        "lm_stage.lm.layers.0.self_attn.k_proj.weight 16x32", "lm_stage.lm.layers.0.self_attn.v_proj.weight 16x32",
        "lm_stage.lm.layers.0.self_attn.o_proj.weight 32x32", "lm_stage.lm.layers.0.mlp.gate_proj.weight 64x32",
        "lm_stage.lm.layers.0.mlp.up_proj.weight 64x32", "lm_stage.lm.layers.0.mlp.down_proj.weight 32x64",
        "lm_stage.lm.layers.0.input_layernorm.weight 32", "lm_stage.lm.layers.0.post_attention_layernorm.weight 32",
        "lm_stage.mapper_out.weight 24x32", "norm.weight 24", "norm.bias 24", "head.weight 5x24", "head.bias 5",
    ];

    private static readonly string[] PointBertKeys =
    [
        "encoder.cls_token 1x1x16", "encoder.cls_pos 1x1x16", "encoder.tokenizer.encoder.first_conv.0.weight 8x3",
        "encoder.tokenizer.encoder.first_conv.0.bias 8", "encoder.tokenizer.encoder.first_conv.1.weight 8",
        "encoder.tokenizer.encoder.first_conv.1.bias 8", "encoder.tokenizer.encoder.first_conv.3.weight 16x8",
        "encoder.tokenizer.encoder.first_conv.3.bias 16", "encoder.tokenizer.encoder.second_conv.0.weight 32x32",
        "encoder.tokenizer.encoder.second_conv.0.bias 32", "encoder.tokenizer.encoder.second_conv.1.weight 32",
        "encoder.tokenizer.encoder.second_conv.1.bias 32", "encoder.tokenizer.encoder.second_conv.3.weight 16x32",
        "encoder.tokenizer.encoder.second_conv.3.bias 16", "encoder.tokenizer.reduce_dim.weight 16x16",
        "encoder.tokenizer.reduce_dim.bias 16", "encoder.pos_embed.0.weight 8x3", "encoder.pos_embed.0.bias 8",
        "encoder.pos_embed.2.weight 16x8", "encoder.pos_embed.2.bias 16", "encoder.blocks.0.norm1.weight 16",
        "encoder.blocks.0.norm1.bias 16", "encoder.blocks.0.attn.qkv.weight 48x16",
        "encoder.blocks.0.attn.qkv.bias 48", "encoder.blocks.0.attn.proj.weight 16x16",
        "encoder.blocks.0.attn.proj.bias 16", "encoder.blocks.0.norm2.weight 16", "encoder.blocks.0.norm2.bias 16",
        "encoder.blocks.0.mlp.fc1.weight 64x16", "encoder.blocks.0.mlp.fc1.bias 64",
        "encoder.blocks.0.mlp.fc2.weight 16x64", "encoder.blocks.0.mlp.fc2.bias 16",
        "encoder.blocks.1.norm1.weight 16", "encoder.blocks.1.norm1.bias 16",
        "encoder.blocks.1.attn.qkv.weight 48x16", "encoder.blocks.1.attn.qkv.bias 48",
        "encoder.blocks.1.attn.proj.weight 16x16", "encoder.blocks.1.attn.proj.bias 16",
        "encoder.blocks.1.norm2.weight 16", "encoder.blocks.1.norm2.bias 16",
        "encoder.blocks.1.mlp.fc1.weight 64x16", "encoder.blocks.1.mlp.fc1.bias 64",
        "encoder.blocks.1.mlp.fc2.weight 16x64", "encoder.blocks.1.mlp.fc2.bias 16",
        "encoder.lm_stage.mapper_in.weight 32x16", "encoder.lm_stage.lm.layers.0.self_attn.q_proj.weight 32x32",
        "encoder.lm_stage.lm.layers.0.self_attn.k_proj.weight 16x32",
        "encoder.lm_stage.lm.layers.0.self_attn.v_proj.weight 16x32",
        "encoder.lm_stage.lm.layers.0.self_attn.o_proj.weight 32x32",
        "encoder.lm_stage.lm.layers.0.mlp.gate_proj.weight 64x32",
        "encoder.lm_stage.lm.layers.0.mlp.up_proj.weight 64x32",
        "encoder.lm_stage.lm.layers.0.mlp.down_proj.weight 32x64",
        "encoder.lm_stage.lm.layers.0.input_layernorm.weight 32",
        "encoder.lm_stage.lm.layers.0.post_attention_layernorm.weight 32",
        "encoder.lm_stage.mapper_out.weight 16x32", "norm.weight 16", "norm.bias 16",
        "head.cls_head_finetune.0.weight 12x32", "head.cls_head_finetune.0.bias 12",
        "head.cls_head_finetune.3.weight 5x12", "head.cls_head_finetune.3.bias 5",
        "encoder.tokenizer.encoder.first_conv.1.running_mean 8",
        "encoder.tokenizer.encoder.first_conv.1.running_var 8",
        "encoder.tokenizer.encoder.first_conv.1.num_batches_tracked",
        "encoder.tokenizer.encoder.second_conv.1.running_mean 32",
        "encoder.tokenizer.encoder.second_conv.1.running_var 32",
        "encoder.tokenizer.encoder.second_conv.1.num_batches_tracked",
    ];

    internal static readonly PointBertConfig TinyPointBert = new()
    {
        Points = 64, Groups = 8, GroupSize = 8, PointNetHidden = 8, EncoderDims = 16, Dim = 16, Depth = 2, Heads = 2,
        PosEmbedHidden = 8, HeadHidden = 12, DropPath = 0, HeadDropout = 0,
    };

    private static string[] Keys(TorchSharp.torch.nn.Module model) =>
        [.. model.state_dict().Select(kv => (kv.Key + " " + string.Join("x", kv.Value.shape)).TrimEnd())];

    [Fact]
    public void Given_a_vit_with_and_without_a_stage_When_listing_state_dict_keys_Then_they_equal_the_pinned_timm_list()
    {
        using var withStage = TinyModels.Model(LmStageMode.Frozen);
        using var plain = TinyModels.Model(LmStageMode.None);

        Assert.Equal(VitKeys, Keys(withStage));
        Assert.Equal(VitKeys.Where(k => !k.StartsWith("lm_stage.", StringComparison.Ordinal)), Keys(plain));
    }

    [Fact]
    public void Given_a_point_bert_classifier_When_listing_state_dict_keys_Then_they_equal_the_pinned_list_less_the_qkv_biases()
    {
        using var withStage = new PointBertClassifier(TinyPointBert, 5, TinyModels.Stage(LmStageMode.Frozen, TinyPointBert.Dim));
        using var plain = new PointBertClassifier(TinyPointBert, 5);

        // The one deliberate change: Point-BERT's reference blocks have no qkv bias (issue 11).
        var expected = PointBertKeys.Where(k => !k.Contains(".attn.qkv.bias ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, PointBertKeys.Length - expected.Length);
        Assert.Equal(expected, Keys(withStage));
        Assert.Equal(expected.Where(k => !k.StartsWith("encoder.lm_stage.", StringComparison.Ordinal)), Keys(plain));
    }
}
