using FrozenLm.Data.VisionLanguage;

namespace FrozenLm.Fuzz.Targets;

/// <summary>The VQAv2 reader: annotations JSON, a NUL byte, then questions JSON, against a folder of images 1 and 2.</summary>
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
}
