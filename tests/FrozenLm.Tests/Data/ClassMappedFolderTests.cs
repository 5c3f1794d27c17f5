using FrozenLm.Data.Formats;
using SkiaSharp;

namespace FrozenLm.Tests.Data;

public sealed class ClassMappedFolderTests
{
    private static string Folder(params string[] classes)
    {
        var dir = TestPaths.NewTempDir("class-mapped");
        foreach (var name in classes)
        {
            Directory.CreateDirectory(Path.Combine(dir, name));
            for (var i = 0; i < 2; i++)
            {
                using var bitmap = new SKBitmap(6, 6, SKColorType.Gray8, SKAlphaType.Opaque);
                bitmap.Erase(new SKColor((byte)(40 * i), (byte)(40 * i), (byte)(40 * i)));
                using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(dir, name, $"{i}.png"), data.ToArray());
            }
        }
        return dir;
    }

    [Fact]
    public void Given_wordnet_folders_that_are_a_subset_of_the_run_classes_When_opened_Then_labels_map_onto_the_run_and_the_rest_is_listed()
    {
        var dir = Folder("n01443537", "N01530575", "n99999999");
        var (set, unmatched, present) = ClassMappedFolder.Open(dir, ["n01440764", "n01443537", "n01484850", "n01530575"], channels: 1);
        Assert.Equal(4, set.Count);
        Assert.Equal([3, 3, 1, 1], Enumerable.Range(0, 4).Select(set.GetLabel));        // folders in ordinal order: "N0..." first
        Assert.Equal(4, set.ClassNames.Count);
        Assert.Equal(["n99999999"], unmatched);
        Assert.Equal([false, true, false, true], present);
    }

    [Fact]
    public void Given_folders_that_match_no_class_When_opened_Then_one_line_names_the_folder_and_both_class_lists()
    {
        var dir = Folder("cat", "dog");
        var e = Assert.Throws<UserInputException>(() => ClassMappedFolder.Open(dir, ["n01440764", "n01443537"], channels: 1));
        Assert.Equal(dir, e.Subject);
        Assert.Contains("cat, dog", e.Problem);
        Assert.Contains("n01440764", e.Problem);
    }
}
