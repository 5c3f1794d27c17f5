using FrozenLm.Data.Sqa3d;
using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using FrozenLm.Models.VisionLanguage;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Models.Sqa3d;

/// <summary>
/// Situated 3D question answering (SQA3D-style) with merged attention: the scene's point groups (FPS + kNN over xyz,
/// a mini-PointNet over xyz + rgb, Point-BERT's position MLP and blocks: <c>scene_encoder.*</c>, then <c>scene_norm</c>)
/// and the text encoder's tokens of the situation and the question are fused by <see cref="MergedAttentionFusion"/>
/// (modality <c>scene</c>; the LM stage <c>lm_stage</c> among the fusion blocks, tail = after fusion as in the paper).
/// The pooled scene and text [CLS] feed the answer classifier (<c>answer_classifier</c>, METER's VQA head) and the
/// auxiliary situation head (<c>situation_head</c>: the agent's x, y, cos yaw, sin yaw, as SQA3D's auxiliary task).
/// The question-only baseline (<c>question_only.*</c>) reads the same text without the scene.
/// </summary>
/// <remarks>Capture points: the scene encoder's <see cref="CapturePoints.Centres"/>, then the fusion trunk's and the stage's over the merged sequence (scene tokens first).</remarks>
public sealed class SceneQaModel : nn.Module
{
    private readonly PointBertBackbone scene_encoder;
    private readonly LayerNorm scene_norm;
    private readonly nn.Module<Tensor, Tensor, Tensor>? text_encoder;
    private readonly MergedAttentionFusion _fusion;
    private readonly nn.Module<Tensor, Tensor> answer_classifier;
    private readonly Sequential situation_head;
    private readonly QuestionOnlyModel? question_only;

    public SceneQaModel(SceneQaModelConfig config, LmStage? stage, LmStagePosition position,
        nn.Module<Tensor, Tensor, Tensor>? textEncoder, bool withQuestionOnly)
        : base(nameof(SceneQaModel))
    {
        config.Validate();
        Config = config;
        var d = config.Dim;
        scene_encoder = new PointBertBackbone(config.Scene);
        scene_norm = nn.LayerNorm(d, eps: 1e-6);
        text_encoder = textEncoder;
        _fusion = new MergedAttentionFusion("scene", config.SceneTokens, d, d, config.TextHidden, config.FusionDepth, config.FusionHeads,
            config.Scene.MlpRatio, stage, position);
        answer_classifier = VqaClassifier.Create(2 * d, config.Answers);
        situation_head = nn.Sequential(nn.Linear(2 * d, d), nn.GELU(), nn.Linear(d, AgentPose.TargetSize));
        question_only = withQuestionOnly
            ? new QuestionOnlyModel(d, config.TextHidden, config.FusionDepth, config.FusionHeads, config.Scene.MlpRatio, config.Answers, config.WeightInit)
            : null;
        _fusion.RegisterIn(this);
        RegisterComponents();
        _fusion.Initialise(config.WeightInit, [], answer_classifier, situation_head);
    }

    public SceneQaModelConfig Config { get; }
    public StagedTrunk Trunk => _fusion.Trunk;
    public LmStage? Stage => Trunk.Stage;

    /// <summary>Scene tokens ahead of the text tokens in the merged sequence (CLS + groups).</summary>
    public int SceneTokens => Config.SceneTokens;

    public QuestionOnlyModel? QuestionOnly => question_only;

    /// <summary>Receives the named intermediate tensors during <see cref="Forward"/> (not detached).</summary>
    public Action<string, Tensor>? Capture { get; set; }

    /// <summary>The text encoder's hidden states [B, L, TextHidden] for token ids and attention mask [B, L] (int64).</summary>
    public Tensor EncodeText(Tensor inputIds, Tensor attentionMask) =>
        (text_encoder ?? throw new InvalidOperationException("this 3D QA model holds no text encoder")).forward(inputIds, attentionMask);

    /// <summary>
    /// Answer logits [B, answers] and the situation head's output [B, 4] for scenes [B, N, 6] (xyz + rgb) and text
    /// states [B, L, TextHidden] with mask [B, L].
    /// </summary>
    public (Tensor Answers, Tensor Situation) Forward(Tensor scenes, Tensor textHidden, Tensor textMask)
    {
        using var scope = torch.NewDisposeScope();
        var capture = Capture;
        scene_encoder.Capture = capture is null ? null : (name, t) =>
        {
            if (name == CapturePoints.Centres)
                capture(name, t);
        };
        try
        {
            var sceneTokens = scene_norm.forward(scene_encoder.forward(scenes));                  // [B, 1 + G, d]
            var pooled = _fusion.Pool(_fusion.Fuse(sceneTokens, textHidden, textMask, capture));  // [B, 2d]
            return (answer_classifier.forward(pooled).MoveToOuterDisposeScope(), situation_head.forward(pooled).MoveToOuterDisposeScope());
        }
        finally
        {
            scene_encoder.Capture = null;
        }
    }
}
