namespace FrozenLm.Encoders.PointCloud;

/// <summary>Shape of a Point-BERT-style classifier. <see cref="Paper"/> is the paper's configuration.</summary>
public sealed record PointBertConfig
{
    /// <summary>Points per cloud fed to the model.</summary>
    public int Points { get; init; } = 1024;
    public int Groups { get; init; } = 64;
    public int GroupSize { get; init; } = 32;

    /// <summary>Channels per input point: 3 (xyz) or 6 (xyz + rgb in [0, 1]).</summary>
    public int InputChannels { get; init; } = 3;

    /// <summary>Mini-PointNet first hidden width h (layers 3 -> h -> 2h, 4h -> 4h -> <see cref="EncoderDims"/>).</summary>
    public int PointNetHidden { get; init; } = 128;
    public int EncoderDims { get; init; } = 256;
    public int Dim { get; init; } = 384;
    public int Depth { get; init; } = 12;
    public int Heads { get; init; } = 6;
    public double MlpRatio { get; init; } = 4.0;
    public double DropPath { get; init; } = 0.1;

    /// <summary>Hidden width of the pos-embed MLP (3 -> this -> dim).</summary>
    public int PosEmbedHidden { get; init; } = 128;
    public int HeadHidden { get; init; } = 256;

    /// <summary>Whether the blocks' qkv projection has a bias (Point-BERT's reference blocks: no).</summary>
    public bool QkvBias { get; init; }

    /// <summary>Epsilon of the blocks' and the final LayerNorms (Point-BERT's reference: PyTorch's default 1e-5).</summary>
    public double NormEps { get; init; } = 1e-5;
    public double HeadDropout { get; init; } = 0.5;

    /// <summary>The paper's Point-BERT: 1024 points, 64 groups x 32 points, dim 384, depth 12, 6 heads.</summary>
    public static PointBertConfig Paper { get; } = new() { QkvBias = false, NormEps = 1e-5 };

    /// <summary>A mid-size model for a few CPU hours: 1024 points, 64 x 32 groups, dim 256, depth 6.</summary>
    public static PointBertConfig Standard { get; } = new()
    {
        Points = 1024, Groups = 64, GroupSize = 32, PointNetHidden = 64, EncoderDims = 256, Dim = 256, Depth = 6, Heads = 4,
        QkvBias = false, NormEps = 1e-5,
    };

    /// <summary>Trains in minutes on a 2-core CPU: 256 points, 32 groups x 16 points, dim 128, depth 4.</summary>
    public static PointBertConfig Quick { get; } = new()
    {
        Points = 256, Groups = 32, GroupSize = 16, PointNetHidden = 32, EncoderDims = 128, Dim = 128, Depth = 4, Heads = 4,
        DropPath = 0.0, QkvBias = false, NormEps = 1e-5,
    };

    /// <summary>A preset by name (quick, standard, paper).</summary>
    public static PointBertConfig FromPreset(string name) => name.ToLowerInvariant() switch
    {
        "quick" => Quick,
        "standard" => Standard,
        "paper" => Paper,
        _ => throw new UserInputException("--preset", $"unknown preset '{name}' (expected quick, standard or paper)"),
    };

    /// <summary>Checks the sizes fit together; throws a user error naming the offending flag.</summary>
    public void Validate()
    {
        if (Points < 1) throw new UserInputException("--points", $"must be at least 1, got {Points}");
        if (Groups < 1 || Groups > Points) throw new UserInputException("--groups", $"must be in [1, points={Points}], got {Groups}");
        if (GroupSize < 1 || GroupSize > Points) throw new UserInputException("--group-size", $"must be in [1, points={Points}], got {GroupSize}");
        if (Dim < 1 || Heads < 1 || Dim % Heads != 0) throw new UserInputException("--dim", $"dim {Dim} must be a positive multiple of heads {Heads}");
        if (Depth < 0) throw new UserInputException("--depth", $"must be at least 0, got {Depth}");
        if (InputChannels < 3) throw new UserInputException("input channels", $"must be at least 3 (xyz), got {InputChannels}");
        if (!(NormEps > 0)) throw new UserInputException("norm eps", $"must be positive, got {NormEps}");
    }
}
