namespace FrozenLm.Tasks.VisionLanguage;

/// <summary>The flags of <see cref="ImageSideOptions"/>, for any vision-language task's options record that holds one.</summary>
public static class ImageSideFlags
{
    public static IReadOnlyList<OptionFlag> For<T>(Func<T, ImageSideOptions> get, Func<T, ImageSideOptions, T> set)
        where T : TaskOptions
    {
        var f = new TaskFlags<T>();
        return
        [
            f.Text("--model", "Image ViT preset: vit-micro, vit-tiny, vit-small, vit-base (resets the sizes to the preset's)",
                (o, v) => v == get(o).Model ? o : set(o, get(o) with { Model = v, Dim = 0, Depth = 0, Heads = 0 })),
            f.Int("--dim", "ViT and fusion width", (o, v) => set(o, get(o) with { Dim = v })),
            f.Int("--depth", "Image ViT blocks", (o, v) => set(o, get(o) with { Depth = v })),
            f.Int("--heads", "Image ViT attention heads", (o, v) => set(o, get(o) with { Heads = v })),
            f.Int("--patch", "Patch size in pixels", (o, v) => set(o, get(o) with { Patch = v })),
            f.Int("--img-size", "Image size in pixels (images are resized, scenes rendered at it)", (o, v) => set(o, get(o) with { ImgSize = v })),
            f.Double("--mlp-ratio", "MLP hidden width / width", (o, v) => set(o, get(o) with { MlpRatio = v })),
            f.Double("--drop-path", "Stochastic depth rate of the image ViT's last block", (o, v) => set(o, get(o) with { DropPath = v })),
            f.Text("--init-from", "An image run directory whose ViT initialises the image encoder (its sizes are used)",
                (o, v) => set(o, get(o) with { InitFrom = v.Length == 0 ? null : v })),
        ];
    }
}
