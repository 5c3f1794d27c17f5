using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.IO;
using FrozenLm.Layers;
using FrozenLm.Tasks;
using FrozenLm.Tasks.VisionLanguage;
using FrozenLm.Tasks.Vqa;

namespace FrozenLm.Tests.VisionLanguage;

public sealed class VqaTaskOptionsJsonTests
{
    [Fact]
    public void Given_the_quick_preset_When_written_and_read_Then_the_image_side_is_one_object_and_round_trips()
    {
        var options = TrainOptions.Resolve("vqa", "quick", new TrainOverrides { Flags = new Dictionary<string, object?> { ["--drop-path"] = 0.1 } });
        var json = JsonSerializer.SerializeToNode(options, RunJson.Options)!.AsObject();
        var task = json["task_options"]!.AsObject();
        Assert.Equal(64, task["image"]!["dim"]!.GetValue<int>());
        Assert.Equal(0.1, task["image"]!["drop_path"]!.GetValue<double>());
        Assert.False(task.ContainsKey("dim"));
        var back = json.Deserialize<TrainOptions>(RunJson.Options)!.TaskOptionsAs<VqaTaskOptions>();
        Assert.Equal(options.TaskOptionsAs<VqaTaskOptions>(), back);
    }

    [Fact]
    public void Given_a_config_written_before_the_image_side_was_one_object_When_read_Then_its_flat_fields_fill_the_image_side()
    {
        var json = JsonSerializer.SerializeToNode(TrainOptions.Resolve("vqa", "quick"), RunJson.Options)!.AsObject();
        var task = json["task_options"]!.AsObject();
        task.Remove("image");
        foreach (var (key, value) in new (string, JsonNode?)[]
                 {
                     ("model", "init-from"), ("dim", 48), ("depth", 3), ("heads", 6), ("patch", 8), ("img_size", 40),
                     ("mlp_ratio", 2.5), ("drop_path", 0.2), ("init_from", "runs/img"),
                 })
            task[key] = value;
        var read = json.Deserialize<TrainOptions>(RunJson.Options)!.TaskOptionsAs<VqaTaskOptions>();
        Assert.Equal(new ImageSideOptions
        {
            Model = "init-from", Dim = 48, Depth = 3, Heads = 6, Patch = 8, ImgSize = 40, MlpRatio = 2.5, DropPath = 0.2, InitFrom = "runs/img",
        }, read.Image);
        Assert.Equal(LinearInit.Xavier, read.WeightInit);
        Assert.Equal(2, read.FusionDepth);
    }
}
