using FrozenLm.Data;
using FrozenLm.Data.Formats;

namespace FrozenLm.Fuzz.Targets;

/// <summary>Targets for the image data readers: IDX (plain and gzip), CIFAR binary, decoded image files and masks.</summary>
internal static class ImageDataTargets
{
    public static void Idx(byte[] input, FuzzScratch scratch)
    {
        var gzip = input.Length >= 2 && input[0] == 0x1f && input[1] == 0x8b;
        var imagesPath = scratch.Write(gzip ? "train-images-idx3-ubyte.gz" : "train-images-idx3-ubyte", input);
        var images = IdxFile.Read(imagesPath);
        var count = images.Dims.Length > 0 ? images.Dims[0] : 0;
        // A real label file holds one byte per image, so never more than the image data; an empty image file may still
        // declare 2^30 images, and allocating their labels here was the harness's own out-of-memory, not the reader's.
        var labels = (new[] { count }, new byte[Math.Min(count, images.Data.Length)]);
        IdxImageReader.Build(images, imagesPath, labels, "labels", "fuzz/train", ClassNameLists.Digits);
    }

    /// <summary>CIFAR-10 records (1 label byte) when the length is a multiple of 3073, else CIFAR-100 (coarse, fine).</summary>
    public static void Cifar(byte[] input, FuzzScratch scratch)
    {
        var path = scratch.Write("train.bin", input);
        if (input.Length % 3073 == 0)
            CifarReader.Load([path], 1, 0, ClassNameLists.Cifar10, "cifar10/train");
        else
            CifarReader.Load([path], 2, 1, ClassNameLists.Numbered(100), "cifar100/train");
    }

    public static void Image(byte[] input, FuzzScratch scratch)
    {
        var path = scratch.Write("image.png", input);
        var (height, width, _) = ImageFiles.Probe(path);
        _ = height + width;
        ImageFiles.LoadImage(path, 3, 8, 8);
        ImageFiles.LoadImage(path, 1, 5, 7);
    }

    public static void Mask(byte[] input, FuzzScratch scratch) =>
        ObjectMaskFile.Load(scratch.Write("mask.png", input), 7, 5);
}
