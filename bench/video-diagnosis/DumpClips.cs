using System.Runtime.InteropServices;
using FrozenLm.Data.Video;
// Dumps moving-shapes clips exactly as VideoClipLoader feeds them (normalised [N, 3, T, S, S] float32), the object
// masks of the sampled frames [N, T, S, S] and the labels, for both splits.
// Usage: dotnet run -c Release -- OUT_DIR TRAIN_PER_CLASS TEST_PER_CLASS TRAIN_SAMPLING(0|1) SHAPES_FRAMES SIZE FRAMES
//        [DISTRACTORS MAX_PAN TEXTURE MOTION_SCALE]
var outDir = args[0];
int trainPer = int.Parse(args[1]), testPer = int.Parse(args[2]);
bool trainSampling = args[3] == "1";
int shapesFrames = int.Parse(args[4]), size = int.Parse(args[5]), frames = int.Parse(args[6]);
Directory.CreateDirectory(outDir);
var opts = new MovingShapesOptions { Frames = shapesFrames, Size = size, TrainPerClass = trainPer, TestPerClass = testPer };
if (args.Length > 7)
{
    opts = opts with
    {
        Distractors = int.Parse(args[7]), MaxPan = double.Parse(args[8], System.Globalization.CultureInfo.InvariantCulture),
        Texture = double.Parse(args[9], System.Globalization.CultureInfo.InvariantCulture),
        MotionScale = double.Parse(args[10], System.Globalization.CultureInfo.InvariantCulture),
    };
}
foreach (var (name, isTrain) in new[] { ("train", true), ("test", false) })
{
    var ds = new MovingShapesDataset(opts, isTrain);
    var clip = new VideoClipOptions { Frames = frames, ImageSize = size };
    using var loader = new VideoClipLoader(ds, clip, 64, train: trainSampling && isTrain, seed: 0, workers: 1);
    using var fs = File.Create(Path.Combine(outDir, name + ".f32"));
    using var ms = File.Create(Path.Combine(outDir, name + "_mask.f32"));
    var labels = new List<long>();
    foreach (var b in loader.Epoch(0))
    {
        fs.Write(b.Clips.bytes);
        labels.AddRange(b.Labels.data<long>().ToArray());
        for (var i = 0; i < b.Indices.Length; i++)
        {
            var m = ds.ReadMasks(b.Indices[i], b.Frames[i]);
            ms.Write(MemoryMarshal.AsBytes(m.AsSpan()));
        }
        b.Dispose();
    }
    File.WriteAllLines(Path.Combine(outDir, name + "_labels.txt"), labels.Select(l => l.ToString()));
}
