using FrozenLm.Data.Sqa3d;
using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using FrozenLm.Models.VisionLanguage;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Models.Sqa3d;

/// <summary>
/// Situated 3D question answering (SQA3D-style) with merged attention: the scene's tokens (<c>scene_encoder.*</c>, then
/// <c>scene_norm</c>): point groups (FPS + kNN over xyz, a mini-PointNet over xyz + rgb, Point-BERT's position MLP and
/// blocks, <see cref="PointBertBackbone"/>) or object segments (<see cref="ObjectSceneEncoder"/>), and the text encoder's tokens of the situation and the question are fused by <see cref="MergedAttentionFusion"/>
/// (modality <c>scene</c>; the LM stage <c>lm_stage</c> among the fusion blocks, tail = after fusion as in the paper).
/// The pooled scene and text [CLS] feed the answer classifier (<c>answer_classifier</c>, METER's VQA head) and the
/// auxiliary situation head (<c>situation_head</c>: the agent's x, y, cos yaw, sin yaw, as SQA3D's auxiliary task).
/// The question-only baseline (<c>question_only.*</c>) reads the same text without the scene.
/// </summary>
/// <remarks>Capture points: the scene encoder's <see cref="CapturePoints.Centres"/>, then the fusion trunk's and the stage's over the merged sequence (scene tokens first).</remarks>
public sealed class SceneQaModel : nn.Module
{
    private readonly nn.Module scene_encoder;
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
        scene_encoder = config.SceneTokenKind == SceneTokenKind.Objects
            ? new ObjectSceneEncoder(config.Scene, config.MaxObjects)
            : new PointBertBackbone(config.Scene);
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

    /// <summary>Scene tokens ahead of the text tokens in the merged sequence (CLS + groups or object slots).</summary>
    public int SceneTokens => Config.SceneTokens;

    /// <summary>Whether the scene tokens are object tokens (then <see cref="Forward"/> needs segments).</summary>
    public bool ReadsObjects => scene_encoder is ObjectSceneEncoder;

    /// <summary>The point-group scene encoder (null with object tokens).</summary>
    public PointBertBackbone? GroupEncoder => scene_encoder as PointBertBackbone;

    /// <summary>The object scene encoder (null with point-group tokens).</summary>
    public ObjectSceneEncoder? ObjectEncoder => scene_encoder as ObjectSceneEncoder;

    public QuestionOnlyModel? QuestionOnly => question_only;

    /// <summary>Receives the named intermediate tensors during <see cref="Forward"/> (not detached).</summary>
    public Action<string, Tensor>? Capture { get; set; }

    /// <summary>The text encoder's hidden states [B, L, TextHidden] for token ids and attention mask [B, L] (int64).</summary>
    public Tensor EncodeText(Tensor inputIds, Tensor attentionMask) =>
        (text_encoder ?? throw new InvalidOperationException("this 3D QA model holds no text encoder")).forward(inputIds, attentionMask);

    /// <summary>
    /// Answer logits [B, answers] and the situation head's output [B, 4] for scenes [B, N, 6] (xyz + rgb), their
    /// per-point object segments [B, N] (int64, -1 = none; needed by object tokens, ignored by point groups) and text
    /// states [B, L, TextHidden] with mask [B, L].
    /// </summary>
    public (Tensor Answers, Tensor Situation) Forward(Tensor scenes, Tensor? segments, Tensor textHidden, Tensor textMask)
    {
        using var scope = torch.NewDisposeScope();
        var capture = Capture;
        var centresOnly = capture is null ? null : new Action<string, Tensor>((name, t) =>
        {
            if (name == CapturePoints.Centres)
                capture(name, t);
        });
        Tensor sceneTokens, sceneMask;
        if (scene_encoder is ObjectSceneEncoder objects)
        {
            var (tokens, mask) = objects.Forward(scenes, segments ?? throw new InvalidOperationException("object tokens need the scenes' segments"), centresOnly);
            (sceneTokens, sceneMask) = (scene_norm.forward(tokens), mask);                      // [B, 1 + S, d]
        }
        else
        {
            var groups = (PointBertBackbone)scene_encoder;
            groups.Capture = centresOnly;
            try
            {
                sceneTokens = scene_norm.forward(groups.forward(scenes));                         // [B, 1 + G, d]
            }
            finally
            {
                groups.Capture = null;
            }
            sceneMask = torch.ones(sceneTokens.shape[0], sceneTokens.shape[1], ScalarType.Bool, device: sceneTokens.device);
        }
        var pooled = _fusion.Pool(_fusion.Fuse(sceneTokens, textHidden, textMask, capture, sceneMask));  // [B, 2d]
        return (answer_classifier.forward(pooled).MoveToOuterDisposeScope(), situation_head.forward(pooled).MoveToOuterDisposeScope());
    }
}
