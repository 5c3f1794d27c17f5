using FrozenLm.Data.VisionLanguage;

namespace FrozenLm.Tests.Data;

public sealed class KarpathyCaptionReaderTests
{
    private static (string Json, string Images) Write(string json, params string[] files)
    {
        var dir = TestPaths.NewTempDir("karpathy");
        var images = Path.Combine(dir, "images");
        foreach (var f in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(images, f))!);
            File.WriteAllBytes(Path.Combine(images, f), [0x89, 0x50]);
        }
        Directory.CreateDirectory(images);
        var path = Path.Combine(dir, "dataset.json");
        File.WriteAllText(path, json);
        return (path, images);
    }

    private const string Coco = """
        {"dataset": "coco", "images": [
          {"filepath": "val2014", "filename": "a.jpg", "split": "test", "sentences": [{"raw": "A cat."}, {"raw": "A small cat."}]},
          {"filepath": "train2014", "filename": "b.jpg", "split": "restval", "sentences": [{"raw": "A dog."}]},
          {"filepath": "train2014", "filename": "c.jpg", "split": "train", "sentences": [{"raw": "Two dogs."}]}
        ]}
        """;

    [Fact]
    public void Given_the_COCO_layout_When_splits_are_read_Then_filepath_is_used_and_restval_joins_train()
    {
        var (json, images) = Write(Coco, "val2014/a.jpg", "train2014/b.jpg", "train2014/c.jpg");
        var test = KarpathyCaptionReader.Read(json, images, "test");
        Assert.Equal([Path.Combine(images, "val2014", "a.jpg")], test.ImagePaths);
        Assert.Equal(["A cat.", "A small cat."], test.Captions[0]);
        var train = KarpathyCaptionReader.Read(json, images, "train");
        Assert.Equal((2, 2), (train.ImageCount, train.CaptionCount));
    }

    [Fact]
    public void Given_the_Flickr30k_layout_When_read_Then_images_sit_in_the_folder_itself()
    {
        var (json, images) = Write("""{"dataset": "flickr30k", "images": [{"filename": "1.jpg", "split": "val", "sentences": [{"raw": "x"}]}]}""", "1.jpg");
        Assert.Equal([Path.Combine(images, "1.jpg")], KarpathyCaptionReader.Read(json, images, "val").ImagePaths);
    }

    [Fact]
    public void Given_a_missing_image_When_read_Then_a_user_error_names_the_file()
    {
        var (json, images) = Write(Coco, "val2014/a.jpg");
        var e = Assert.Throws<UserInputException>(() => KarpathyCaptionReader.Read(json, images, "train"));
        Assert.Equal(Path.Combine(images, "train2014", "b.jpg"), e.Subject);
    }

    [Theory]
    [InlineData("{\"images\": [", "is not valid JSON")]
    [InlineData("{\"annotations\": []}", "has no \"images\" array")]
    [InlineData("{\"images\": [{\"filename\": \"1.jpg\", \"sentences\": []}]}", "has no string \"split\"")]
    [InlineData("{\"images\": [{\"filename\": \"1.jpg\", \"split\": \"test\", \"sentences\": []}]}", "has no captions")]
    public void Given_malformed_JSON_When_read_Then_a_user_error_names_the_JSON_file(string text, string message)
    {
        var (json, images) = Write(text, "1.jpg");
        var e = Assert.Throws<UserInputException>(() => KarpathyCaptionReader.Read(json, images, "test"));
        Assert.Equal(json, e.Subject);
        Assert.Contains(message, e.Message);
    }
}
