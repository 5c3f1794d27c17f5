using FrozenLm.IO;
using System.Text.Json;

namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// Reads the Karpathy split caption JSON used for COCO and Flickr30k retrieval
/// (<c>{"images": [{"filename", "filepath"?, "split", "sentences": [{"raw"}, ...]}, ...]}</c>) with its image folder:
/// an image is <c>FOLDER/filepath/filename</c> (COCO) or <c>FOLDER/filename</c> (Flickr30k). Split <c>train</c> also
/// takes COCO's <c>restval</c>. Every problem is one <see cref="UserInputException"/> naming the file.
/// </summary>
public static class KarpathyCaptionReader
{
    public const string Format = "karpathy";

    /// <summary>The images of <paramref name="split"/> (train, val or test) and their raw captions; every image file must exist.</summary>
    public static CaptionedImages Read(string jsonPath, string imageFolder, string split)
    {
        if (!File.Exists(jsonPath))
            throw new UserInputException(jsonPath, "caption JSON not found");
        if (!Directory.Exists(imageFolder))
            throw new UserInputException(imageFolder, "image folder not found");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(Utf8Text.ReadFile(jsonPath));
        }
        catch (JsonException e)
        {
            throw new UserInputException(jsonPath, $"is not valid JSON: {e.Message}", e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("images", out var images)
                || images.ValueKind != JsonValueKind.Array)
                throw new UserInputException(jsonPath, "has no \"images\" array (not the Karpathy split layout)");
            var paths = new List<string>();
            var captions = new List<IReadOnlyList<string>>();
            var index = 0;
            foreach (var image in images.EnumerateArray())
            {
                var where = $"images[{index++}]";
                var imageSplit = String(image, "split", jsonPath, where);
                if (!(imageSplit == split || (split == "train" && imageSplit == "restval")))
                    continue;
                var file = String(image, "filename", jsonPath, where);
                var folder = image.TryGetProperty("filepath", out var fp) && fp.ValueKind == JsonValueKind.String
                    ? Path.Combine(imageFolder, fp.GetString()!)
                    : imageFolder;
                var path = Path.Combine(folder, file);
                if (!File.Exists(path))
                    throw new UserInputException(path, $"image of {where} in {Path.GetFileName(jsonPath)} not found");
                if (!image.TryGetProperty("sentences", out var sentences) || sentences.ValueKind != JsonValueKind.Array)
                    throw new UserInputException(jsonPath, $"{where} ({file}) has no \"sentences\" array");
                var texts = sentences.EnumerateArray().Select((s, j) => String(s, "raw", jsonPath, $"{where}.sentences[{j}]")).ToList();
                if (texts.Count == 0)
                    throw new UserInputException(jsonPath, $"{where} ({file}) has no captions");
                paths.Add(path);
                captions.Add(texts);
            }
            if (paths.Count == 0)
                throw new UserInputException(jsonPath, $"has no images in split '{split}'");
            return new CaptionedImages(paths, captions, $"{Format}/{split}");
        }
    }

    private static string String(JsonElement element, string name, string file, string where) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new UserInputException(file, $"{where} has no string \"{name}\"");
}
