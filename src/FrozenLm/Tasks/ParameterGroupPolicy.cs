namespace FrozenLm.Tasks;

/// <summary>
/// How a task's trainable parameters split into optimizer groups: the first matching rule decides; parameters no rule
/// matches get weight decay at the full learning rate. Recorded in config.json under <c>options.param_groups</c>.
/// </summary>
public sealed record ParameterGroupPolicy
{
    public IReadOnlyList<ParameterGroupRule> Rules { get; init; } = [];

    /// <summary>DeiT / nanoGPT: no weight decay on 1-D tensors, biases, <c>pos_embed</c> and <c>cls_token</c>; one learning rate.</summary>
    public static ParameterGroupPolicy Default { get; } = new()
    {
        Rules = [new() { Name = "no_decay", OneDimensional = true, Biases = true, LeafNames = ["pos_embed", "cls_token"] }],
    };

    /// <summary>
    /// The point-cloud reference code's AdamW groups (<c>pointcloud_classification/tools/builder.py</c> of
    /// LM4VisualEncoding): every parameter whose name contains <c>llama</c> (ours: <c>lm_stage</c>, mappers included)
    /// at 0.5x lr without weight decay; then 1-D tensors, biases and names containing <c>token</c> at 0.1x lr without
    /// weight decay; the rest decayed at the full lr.
    /// </summary>
    public static ParameterGroupPolicy PointBertReference { get; } = new()
    {
        Rules =
        [
            new() { Name = "lm_stage", NameContains = ["lm_stage"], LrScale = 0.5 },
            new() { Name = "no_decay", OneDimensional = true, Biases = true, NameContains = ["token"], LrScale = 0.1 },
        ],
    };
}
