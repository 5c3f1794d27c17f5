using FrozenLm.Data.VisionLanguage;

namespace FrozenLm.Fuzz.Targets;

/// <summary>
/// The vision-language readers: VQAv2 (annotations JSON, a NUL byte, then questions JSON, against a folder of images 1
/// and 2) and the Karpathy split caption JSON (against a folder holding <c>a.jpg</c> and <c>val2014/b.jpg</c>).
/// </summary>
internal static class VqaTargets
{
    public static void Vqa2(byte[] input, FuzzScratch scratch)
    {
        var parts = FuzzInputs.SplitAtNul(input, 2);
        var images = Path.Combine(scratch.Root, "train2014");
        if (!Directory.Exists(images))
        {
            Directory.CreateDirectory(images);
            File.WriteAllBytes(Path.Combine(images, "COCO_train2014_000000000001.jpg"), []);
            File.WriteAllBytes(Path.Combine(images, "2.png"), []);
        }
        Vqa2Reader.Read(scratch.Write("v2_OpenEnded_mscoco_train2014_questions.json", parts[1]),
            scratch.Write("v2_mscoco_train2014_annotations.json", parts[0]), images, "vqav2/train");
    }

    public static void Karpathy(byte[] input, FuzzScratch scratch)
    {
        var images = Path.Combine(scratch.Root, "karpathy-images");
        if (!Directory.Exists(images))
        {
            Directory.CreateDirectory(Path.Combine(images, "val2014"));
            File.WriteAllBytes(Path.Combine(images, "a.jpg"), []);
            File.WriteAllBytes(Path.Combine(images, "val2014", "b.jpg"), []);
        }
        var json = scratch.Write("dataset_coco.json", input);
        foreach (var split in new[] { "train", "test" })
            KarpathyCaptionReader.Read(json, images, split);
    }
}
