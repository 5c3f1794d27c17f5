using FrozenLm.Data.Video;

namespace FrozenLm.Fuzz.Targets;

/// <summary>Targets for the video annotation readers: mmaction lists and Something-Something v2 JSON / CSV.</summary>
internal static class VideoTargets
{
    public static void ClipList(byte[] input, FuzzScratch scratch) =>
        ClipListFile.Read(scratch.Write("train_list.txt", input), scratch.Root);

    /// <summary>Input: <c>labels.json</c>, a NUL byte, then a split file (<c>train.json</c>).</summary>
    public static void Ssv2Json(byte[] input, FuzzScratch scratch)
    {
        var parts = FuzzInputs.SplitAtNul(input, 2);
        var labels = Ssv2Annotations.ReadJsonLabels(scratch.Write("labels.json", parts[0]));
        Ssv2Annotations.ReadJsonSplit(scratch.Write("train.json", parts[1]), labels);
    }

    /// <summary>Input: <c>labels.csv</c>, a NUL byte, then a split file (<c>train.csv</c>).</summary>
    public static void Ssv2Csv(byte[] input, FuzzScratch scratch)
    {
        var parts = FuzzInputs.SplitAtNul(input, 2);
        var labels = Ssv2Annotations.ReadCsvLabels(scratch.Write("labels.csv", parts[0]));
        Ssv2Annotations.ReadCsvSplit(scratch.Write("train.csv", parts[1]), labels);
    }
}
