using FrozenLm.Tests.Data;
using SkiaSharp;

namespace FrozenLm.Tests.VisionLanguage;

/// <summary>A tiny VQAv2-layout folder: train and val questions / annotations JSON and COCO-named image folders.</summary>
internal static class Vqa2Fixture
{
    public const string TrainQuestions = "v2_OpenEnded_mscoco_train2014_questions.json";
    public const string TrainAnnotations = "v2_mscoco_train2014_annotations.json";

    public static string Create(string name)
    {
        var dir = TestPaths.NewTempDir(name);
        foreach (var split in new[] { "train", "val" })
        {
            Directory.CreateDirectory(Path.Combine(dir, $"{split}2014"));
            DataFixtures.SolidImage(Path.Combine(dir, $"{split}2014", $"COCO_{split}2014_000000000042.jpg"), 20, 16, SKColors.Red,
                SKEncodedImageFormat.Jpeg);
            DataFixtures.SolidImage(Path.Combine(dir, $"{split}2014", $"COCO_{split}2014_000000000007.png"), 12, 12, SKColors.Blue);
            File.WriteAllText(Path.Combine(dir, $"v2_OpenEnded_mscoco_{split}2014_questions.json"), """
                {"data_subtype": "x", "questions": [
                  {"image_id": 42, "question": "What color is it?", "question_id": 420},
                  {"image_id": 7, "question": "How many?", "question_id": 70},
                  {"image_id": 42, "question": "Is it red?", "question_id": 421}]}
                """);
            File.WriteAllText(Path.Combine(dir, $"v2_mscoco_{split}2014_annotations.json"), """
                {"annotations": [
                  {"question_id": 420, "image_id": 42, "answer_type": "other", "answers": [
                    {"answer": "Red", "answer_id": 1}, {"answer": "red.", "answer_id": 2}, {"answer": "red", "answer_id": 3},
                    {"answer": "red", "answer_id": 4}, {"answer": "orange", "answer_id": 5}, {"answer": "pink", "answer_id": 6},
                    {"answer": "pink", "answer_id": 7}, {"answer": "red", "answer_id": 8}, {"answer": "the red", "answer_id": 9},
                    {"answer": "red", "answer_id": 10}]},
                  {"question_id": 70, "image_id": 7, "answer_type": "number", "answers": [
                    {"answer": "two"}, {"answer": "2"}, {"answer": "3"}, {"answer": "2"}, {"answer": "1"},
                    {"answer": "two"}, {"answer": "3"}, {"answer": "2"}, {"answer": "4"}, {"answer": "2"}]},
                  {"question_id": 421, "image_id": 42, "answer_type": "yes/no", "answers": [
                    {"answer": "yes"}, {"answer": "yes"}, {"answer": "no"}, {"answer": "yes"}, {"answer": "yes"},
                    {"answer": "yes"}, {"answer": "yes"}, {"answer": "yes"}, {"answer": "yes"}, {"answer": "yes"}]}]}
                """);
        }
        return dir;
    }
}
