namespace FrozenLm.Models.Sqa3d;

/// <summary>What a scene token stands for: a point group (FPS centre + kNN, Point-BERT) or an object segment.</summary>
public enum SceneTokenKind
{
    /// <summary>One token per FPS + kNN point group (any point cloud).</summary>
    Groups,

    /// <summary>One token per object segment (data with per-point object ids).</summary>
    Objects,
}
