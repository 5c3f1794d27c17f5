using FrozenLm.Data.Video;

namespace FrozenLm.Tests.Video;

public sealed class VideoAnnotationTests
{
    [Fact]
    public void List_file_reads_rawframes_and_video_lines_relative_to_the_root()
    {
        var dir = TestPaths.NewTempDir("video-list");
        var path = Path.Combine(dir, "train_list.txt");
        File.WriteAllText(path, "# comment\nclips/a 12 3\n\nvideos/b.mp4 0\n");
        var entries = ClipListFile.Read(path, "/data");
        Assert.Equal([new ClipEntry("/data/clips/a", 12, 3), new ClipEntry("/data/videos/b.mp4", null, 0)], entries);
    }

    [Theory]
    [InlineData("clips/a twelve 3")]
    [InlineData("clips/a 0 3")]
    [InlineData("clips/a 12 -1")]
    [InlineData("clips/a")]
    [InlineData("clips/a 1 2 3")]
    public void List_file_refuses_a_wrong_line_naming_the_file_and_line(string line)
    {
        var dir = TestPaths.NewTempDir("video-list");
        var path = Path.Combine(dir, "train_list.txt");
        File.WriteAllText(path, "ok 4 1\n" + line + "\n");
        var e = Assert.Throws<UserInputException>(() => ClipListFile.Read(path, dir));
        Assert.Equal(path + ":2", e.Subject);
        Assert.Contains(line, e.Problem);
    }

    [Fact]
    public void Ssv2_json_labels_and_split_map_templates_to_classes()
    {
        var dir = TestPaths.NewTempDir("ssv2-json");
        var labels = Path.Combine(dir, "labels.json");
        File.WriteAllText(labels, """{"Holding something": "1", "Pushing something from left to right": "0"}""");
        var split = Path.Combine(dir, "train.json");
        File.WriteAllText(split, """
            [{"id": "78687", "label": "holding potato", "template": "Holding [something]", "placeholders": ["potato"]},
             {"id": "42326", "label": "pushing cup", "template": "Pushing [something] from left to right", "placeholders": ["cup"]}]
            """);
        var classes = Ssv2Annotations.ReadJsonLabels(labels);
        Assert.Equal(["Pushing something from left to right", "Holding something"], classes);
        Assert.Equal([("78687", 1), ("42326", 0)], Ssv2Annotations.ReadJsonSplit(split, classes));
    }

    [Fact]
    public void Ssv2_json_with_an_unknown_template_or_bad_index_names_the_file()
    {
        var dir = TestPaths.NewTempDir("ssv2-json");
        var labels = Path.Combine(dir, "labels.json");
        File.WriteAllText(labels, """{"Holding something": "0", "Dropping something": "5"}""");
        Assert.Equal(labels, Assert.Throws<UserInputException>(() => Ssv2Annotations.ReadJsonLabels(labels)).Subject);
        var split = Path.Combine(dir, "validation.json");
        File.WriteAllText(split, """[{"id": "1", "template": "Tearing [something]"}]""");
        var e = Assert.Throws<UserInputException>(() => Ssv2Annotations.ReadJsonSplit(split, ["Holding something"]));
        Assert.Equal(split, e.Subject);
        Assert.Contains("Tearing something", e.Problem);
        File.WriteAllText(split, "not json");
        Assert.Equal(split, Assert.Throws<UserInputException>(() => Ssv2Annotations.ReadJsonSplit(split, ["Holding something"])).Subject);
    }

    [Fact]
    public void Ssv2_csv_files_read_names_by_line_and_id_semicolon_name_rows()
    {
        var dir = TestPaths.NewTempDir("ssv2-csv");
        var labels = Path.Combine(dir, "labels.csv");
        File.WriteAllText(labels, "Holding something\nDropping something\n");
        var split = Path.Combine(dir, "train.csv");
        File.WriteAllText(split, "100;Dropping something\n101;Holding something\n");
        var classes = Ssv2Annotations.ReadCsvLabels(labels);
        Assert.Equal([("100", 1), ("101", 0)], Ssv2Annotations.ReadCsvSplit(split, classes));
        File.WriteAllText(split, "100;Dropping something\n101 Holding something\n");
        Assert.Equal(split + ":2", Assert.Throws<UserInputException>(() => Ssv2Annotations.ReadCsvSplit(split, classes)).Subject);
    }
}
