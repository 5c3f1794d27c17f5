using System.Text.Json.Nodes;
using FrozenLm.Models;
using FrozenLm.Tasks.Image;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;

namespace FrozenLm.Tests.Export;

/// <summary>Runs an exported model in ONNX Runtime (as a .NET app would: default optimisations) against the TorchSharp model.</summary>
internal static class OnnxParity
{
    /// <summary>
    /// The export of <paramref name="vit"/> with a minimal description. With FROZENLM_ONNX_DUMP set to a folder, the
    /// file is also written there as <paramref name="name"/>.onnx, for <c>scripts/check_onnx.py</c> (ONNX's own checker).
    /// </summary>
    public static byte[] Export(VisionTransformer vit, string? name = null)
    {
        var bytes = ImageExport.ToOnnx(vit, new JsonObject { ["class_names"] = new JsonArray("a", "b"), ["mean"] = new JsonArray(0.5) });
        if (name is not null && Environment.GetEnvironmentVariable("FROZENLM_ONNX_DUMP") is { Length: > 0 } dump)
        {
            Directory.CreateDirectory(dump);
            File.WriteAllBytes(Path.Combine(dump, name + ".onnx"), bytes);
        }
        return bytes;
    }

    /// <summary>Logits from ONNX Runtime for <paramref name="pixels"/> [B, C, H, W] flattened.</summary>
    public static float[] Run(InferenceSession session, float[] pixels, int[] shape)
    {
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(ImageExport.InputName, new DenseTensor<float>(pixels, shape))],
            [ImageExport.OutputName]);
        return results.Single().AsTensor<float>().ToArray();
    }

    public static InferenceSession Session(byte[] model)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        return new InferenceSession(model, options);
    }

    /// <summary>
    /// Max abs difference between ONNX Runtime's and the eval-mode TorchSharp model's logits on seeded random images,
    /// at batch sizes 1 and 3 (the batch dimension is dynamic).
    /// </summary>
    public static double MaxAbsError(VisionTransformer vit, byte[] model, int seed = 5)
    {
        vit.eval();
        using var session = Session(model);
        var c = vit.Config;
        var error = 0.0;
        foreach (var batch in new[] { 1, 3 })
        {
            using var scope = torch.NewDisposeScope();
            using var generator = new torch.Generator((ulong)(seed + batch));
            var images = torch.randn([batch, c.Channels, c.ImageSize, c.ImageSize], generator: generator);
            float[] expected;
            using (torch.no_grad())
                expected = vit.forward(images).data<float>().ToArray();
            var actual = Run(session, images.data<float>().ToArray(), [batch, c.Channels, c.ImageSize, c.ImageSize]);
            Assert.Equal(expected.Length, actual.Length);
            error = Math.Max(error, expected.Zip(actual, (e, a) => (double)Math.Abs(e - a)).Max());
        }
        return error;
    }
}
