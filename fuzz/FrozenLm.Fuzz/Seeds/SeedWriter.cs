using System.IO.Compression;
using System.Text;
using FrozenLm.Fuzz.Targets;
using FrozenLm.Tests.LanguageModels.Formats;
using SkiaSharp;

namespace FrozenLm.Fuzz.Seeds;

/// <summary>
/// Writes the seed inputs that no committed test fixture provides (small valid files of each format, built with the
/// same writers the tests use) as <c>DIR/TARGET/seed-*</c>; fuzz/seed-corpora.sh adds the fixture-derived ones.
/// </summary>
public static class SeedWriter
{
    public static void WriteAll(string root)
    {
        void Write(string target, string name, byte[] bytes)
        {
            var dir = Path.Combine(root, target);
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Combine(dir, "seed-" + name), bytes);
        }

        byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

        Write("safetensors", "f32-bf16", SafetensorsBytes(
            """{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"h":{"dtype":"BF16","shape":[2],"data_offsets":[16,20]},"i":{"dtype":"I64","shape":[1],"data_offsets":[20,28]}}""", 28));
        Write("safetensors", "f16-empty", SafetensorsBytes(
            """{"a":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"z":{"dtype":"F32","shape":[0,4],"data_offsets":[6,6]}}""", 6));
        var shard = CheckpointTargets.ShardName;
        Write("safetensors-index", "two-tensors", Utf8(
            "{\"metadata\":{\"total_size\":24},\"weight_map\":{\"w\":\"" + shard + "\",\"b\":\"" + shard + "\"}}"));
        Write("onnx", "tiny-bert", TinyOnnxBert.Build(layers: 1).Bytes);

        Write("idx", "images", Idx([3, 4, 4], 48));
        Write("idx", "images-hwc", Idx([2, 2, 2, 3], 24));
        Write("idx", "images-gz", Gzip(Idx([2, 3, 3], 18)));
        Write("cifar", "cifar10-2", Enumerable.Range(0, 2 * 3073).Select(i => (byte)(i % 3073 == 0 ? 7 : i % 251)).ToArray());
        Write("cifar", "cifar100-1", Enumerable.Range(0, 3074).Select(i => (byte)(i < 2 ? 3 * i + 1 : i % 241)).ToArray());
        Write("image", "rgb.png", Encode(SKEncodedImageFormat.Png, 5, 4, SKColorType.Rgba8888));
        Write("image", "gray.png", Encode(SKEncodedImageFormat.Png, 3, 6, SKColorType.Gray8));
        Write("image", "rgb.jpg", Encode(SKEncodedImageFormat.Jpeg, 9, 7, SKColorType.Rgba8888));
        Write("mask", "mask.png", Encode(SKEncodedImageFormat.Png, 6, 6, SKColorType.Rgba8888));

        Write("h5", "modelnet40", H5(labelAsInt64: false));
        Write("h5", "scanobjectnn", H5(labelAsInt64: true));
        Write("off", "tetra", Utf8("OFF\n4 4 6\n0 0 0\n1 0 0\n0 1 0\n0 0 1\n3 0 1 2\n3 0 1 3\n3 0 2 3\n3 1 2 3\n"));
        Write("off", "quad-inline-counts", Utf8("OFF4 1 0\n# comment\n0 0 0\n1 0 0\n1 1 0\n0 1 0\n4 0 1 2 3\n"));
        Write("points-txt", "xyz", Utf8("0 0 0\n1.5,0,0.25\n0\t1\t0 0.1 0.2 0.3 # normals\n\n-1e-3 2 3\n"));
        Write("clip-list", "mixed", Utf8("# mmaction list\nrawframes/a 8 0\nrawframes/b 12 1\nvideos/c.mp4 2\n"));
        Write("ssv2-json", "two-classes", FuzzInputs.JoinWithNul(
            Utf8("""{"Holding something":"0","Pushing something from left to right":"1"}"""),
            Utf8("""[{"id":"17","label":"holding a cup","template":"Holding [something]","placeholders":["a cup"]},{"id":"3","template":"Pushing [something] from left to right"}]""")));
        Write("ssv2-csv", "two-classes", FuzzInputs.JoinWithNul(
            Utf8("Holding something\nPushing something from left to right\n"),
            Utf8("17;Holding something\n3;Pushing something from left to right\n")));
        Write("vqa2", "two-questions", FuzzInputs.JoinWithNul(
            Utf8("""{"annotations":[{"question_id":10,"answer_type":"yes/no","answers":[{"answer":"yes"},{"answer":"yes"},{"answer":"no"}]},{"question_id":11,"answer_type":"number","answers":[{"answer":"2"},{"answer":"two"}]}]}"""),
            Utf8("""{"questions":[{"question_id":10,"image_id":1,"question":"Is it red?"},{"question_id":11,"image_id":2,"question":"How many?"}]}""")));
        Write("sqa3d-json", "two-questions", FuzzInputs.JoinWithNul(
            Utf8("""{"questions":[{"question_id":1,"scene_id":"scene0000_00","situation":"I am facing the door.","question":"What is on my left?"},{"question_id":2,"scene_id":"scene0001_00","situation":"I sit on the bed.","question":"Can I see the window?"}]}"""),
            Utf8("""{"annotations":[{"question_id":1,"answers":[{"answer":"Chair"}],"position":{"x":0.5,"y":-0.5,"z":0},"rotation":{"_x":0,"_y":0,"_z":0.7071,"_w":0.7071}},{"question_id":2,"answers":[{"answer":"yes"}],"position":{"x":0,"y":0,"z":0},"rotation":{"_x":0,"_y":0,"_z":0,"_w":1}}]}""")));
        Write("karpathy", "coco-flickr", Utf8(
            """{"images":[{"filename":"a.jpg","split":"train","sentences":[{"raw":"A red cube."},{"raw":"Two shapes."}]},{"filepath":"val2014","filename":"b.jpg","split":"restval","sentences":[{"raw":"A blue ball left of a cube."}]},{"filename":"a.jpg","split":"test","sentences":[{"raw":"Nothing here?"}]}],"dataset":"coco"}"""));
    }

    /// <summary>A safetensors file: 8-byte little-endian header length, the JSON header (space padded), then the data.</summary>
    public static byte[] SafetensorsBytes(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var padded = (json.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + dataBytes];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (long)padded);
        json.CopyTo(bytes.AsSpan(8));
        bytes.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        for (var i = 0; i < dataBytes; i++)
            bytes[8 + padded + i] = (byte)(i * 37 % 61);
        return bytes;
    }

    private static byte[] Idx(int[] dims, int dataBytes)
    {
        var bytes = new List<byte> { 0, 0, 8, (byte)dims.Length };
        foreach (var d in dims)
            bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        bytes.AddRange(Enumerable.Range(0, dataBytes).Select(i => (byte)(i * 13)));
        return [.. bytes];
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Optimal))
            gz.Write(bytes);
        return buffer.ToArray();
    }

    private static byte[] Encode(SKEncodedImageFormat format, int width, int height, SKColorType colorType)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, colorType, SKAlphaType.Premul));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)(40 * x), (byte)(50 * y), (byte)(x * y * 9)));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    private static byte[] H5(bool labelAsInt64)
    {
        const int n = 2, p = 4, c = 3;
        var data = Enumerable.Range(0, n * p * c).Select(i => i / 10f - 0.5f).ToArray();
        var file = new PureHDF.H5File { ["data"] = new PureHDF.H5Dataset(data, fileDims: [n, p, c]) };
        file["label"] = labelAsInt64
            ? new PureHDF.H5Dataset(new long[] { 1, 0 }, fileDims: [n])
            : new PureHDF.H5Dataset(new byte[] { 3, 1 }, fileDims: [n, 1UL]);
        var path = Path.GetTempFileName();
        try
        {
            file.Write(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
