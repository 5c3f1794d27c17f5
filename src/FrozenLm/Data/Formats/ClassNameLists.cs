namespace FrozenLm.Data.Formats;

/// <summary>The class names of the well-known data sets.</summary>
internal static class ClassNameLists
{
    public static readonly IReadOnlyList<string> FashionMnist =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static readonly IReadOnlyList<string> Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    public static readonly IReadOnlyList<string> Cifar10 =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    public static IReadOnlyList<string> Numbered(int count) =>
        Enumerable.Range(0, count).Select(i => $"class_{i}").ToArray();
}
