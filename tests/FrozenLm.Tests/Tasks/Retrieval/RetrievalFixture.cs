using FrozenLm.Tests.Data;
using SkiaSharp;

namespace FrozenLm.Tests.Tasks.Retrieval;

/// <summary>A tiny Flickr30k-layout retrieval set: <c>dataset_flickr30k.json</c> (Karpathy split) next to its solid-colour images.</summary>
internal static class RetrievalFixture
{
    public const string Json = "dataset_flickr30k.json";
    private static readonly (string Name, SKColor Colour)[] Images =
        [("1.png", SKColors.Red), ("2.png", SKColors.Blue), ("3.png", SKColors.Green), ("4.png", SKColors.Yellow), ("5.png", SKColors.Purple)];

    public static string Create(string name)
    {
        var dir = TestPaths.NewTempDir(name);
        foreach (var (file, colour) in Images)
            DataFixtures.SolidImage(Path.Combine(dir, file), 12, 10, colour);
        File.WriteAllText(Path.Combine(dir, Json), """
            {"dataset": "flickr30k", "images": [
              {"filename": "1.png", "split": "train", "sentences": [{"raw": "A red picture."}, {"raw": "All red."}]},
              {"filename": "2.png", "split": "train", "sentences": [{"raw": "A blue picture."}]},
              {"filename": "3.png", "split": "train", "sentences": [{"raw": "A green picture."}, {"raw": "Green."}]},
              {"filename": "4.png", "split": "test", "sentences": [{"raw": "A yellow picture."}, {"raw": "Yellow."}]},
              {"filename": "5.png", "split": "test", "sentences": [{"raw": "A purple picture."}]}
            ]}
            """);
        return dir;
    }
}
