using FrozenLm.Data.Sqa3d;

namespace FrozenLm.Fuzz.Targets;

/// <summary>
/// The situated 3D QA readers: PLY scene point clouds (ascii and binary little-endian), NumPy <c>.npy</c> point arrays,
/// and SQA3D's JSON pair (questions JSON, a NUL byte, then annotations JSON).
/// </summary>
internal static class Sqa3dTargets
{
    public static void Ply(byte[] input, FuzzScratch scratch) =>
        ScenePointFiles.Read(scratch.Write("scene0000_00.ply", input), "scene0000_00");

    public static void Npy(byte[] input, FuzzScratch scratch) =>
        ScenePointFiles.Read(scratch.Write("scene0000_00.npy", input), "scene0000_00");

    public static void Sqa3dJson(byte[] input, FuzzScratch scratch)
    {
        var parts = FuzzInputs.SplitAtNul(input, 2);
        Sqa3dJsonReader.Read(scratch.Write("v1_balanced_questions_train_scannetv2.json", parts[0]),
            scratch.Write("v1_balanced_sqa_annotations_train_scannetv2.json", parts[1]));
    }
}
