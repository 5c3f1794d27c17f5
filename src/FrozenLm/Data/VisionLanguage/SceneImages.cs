namespace FrozenLm.Data.VisionLanguage;

/// <summary>Generated scenes as VQA images, rendered on demand at the requested size.</summary>
public sealed class SceneImages(IReadOnlyList<Scene> scenes, string name) : IVqaImages
{
    public IReadOnlyList<Scene> Scenes { get; } = scenes;

    public int Count => Scenes.Count;

    public float[] Read(int index, int size) => SceneRenderer.Render(Scenes[index], size);

    public string Describe(int index) => $"{name}#{index}";
}
