using FrozenLm.Data.VisionLanguage;

namespace FrozenLm.Tests.VisionLanguage;

public sealed class Vqa2ReaderTests
{
    [Fact]
    public void Given_the_vqav2_layout_When_read_Then_questions_soft_scores_families_and_images_match()
    {
        var dir = Vqa2Fixture.Create("vqa2-read");
        var data = Vqa2Reader.Open(dir);
        Assert.Equal(3, data.Train.Samples.Count);
        Assert.Equal(["yes/no", "number", "other"], data.Families);
        var colour = data.Train.Samples[0];
        Assert.Equal("What color is it?", colour.Question);
        Assert.Equal("other", colour.Family);
        // "Red", "red.", "the red" and four "red" normalise to red: 7 humans -> 1; pink 2 -> 2/3; orange 1 -> 1/3.
        Assert.Equal(new Dictionary<string, double> { ["orange"] = 1 / 3.0, ["pink"] = 2 / 3.0, ["red"] = 1.0 }, colour.Scores);
        var count = data.Train.Samples[1];
        Assert.Equal("number", count.Family);
        Assert.Equal(1.0, count.Scores["2"]);
        Assert.Equal(2 / 3.0, count.Scores["3"], 12);
        Assert.Equal(1 / 3.0, count.Scores["4"], 12);
        Assert.Equal(1.0, data.Train.Samples[2].Scores["yes"]);
        Assert.Equal(1 / 3.0, data.Train.Samples[2].Scores["no"], 12);
        // Questions 420 and 421 share image 42 (red, 20 x 16); question 70 asks about image 7 (blue).
        Assert.Equal(colour.Image, data.Train.Samples[2].Image);
        Assert.Equal(2, data.Train.Images.Count);
        var red = data.Train.Images.Read(colour.Image, 8);
        Assert.True(red[0] > 0.9 && red[64] < 0.1 && red[128] < 0.1, $"RGB {red[0]} {red[64]} {red[128]}");
        var blue = data.Train.Images.Read(count.Image, 8);
        Assert.True(blue[0] < 0.1 && blue[128] > 0.9);
    }

    [Fact]
    public void Given_training_answers_When_building_the_vocabulary_Then_most_frequent_first_and_capped()
    {
        var data = Vqa2Reader.Open(Vqa2Fixture.Create("vqa2-vocab"));
        var all = AnswerVocabulary.FromTraining(data.Train.Samples, 0, "x");
        Assert.Equal(["1", "2", "3", "4", "no", "orange", "pink", "red", "yes"], all.Answers.Order(StringComparer.Ordinal));
        Assert.Equal(2, AnswerVocabulary.FromTraining(data.Train.Samples, 2, "x").Count);
        Assert.Equal(-1, all.IndexOf("purple"));
    }

    [Theory]
    [InlineData("Two", "2")]
    [InlineData("the dog.", "dog")]
    [InlineData("3.5", "3.5")]
    [InlineData("  A   Red  Car ", "red car")]
    [InlineData("dont know", "don't know")]
    [InlineData("1,000", "1000")]
    [InlineData("yes, it is", "yes it is")]
    public void Given_an_answer_When_normalised_Then_it_follows_the_vqa_processing(string raw, string expected) =>
        Assert.Equal(expected, VqaAnswerNormalizer.Normalize(raw));

    [Fact]
    public void Given_a_missing_image_When_read_Then_the_error_names_the_expected_file()
    {
        var dir = Vqa2Fixture.Create("vqa2-noimage");
        File.Delete(Path.Combine(dir, "train2014", "COCO_train2014_000000000007.png"));
        var e = Assert.Throws<UserInputException>(() => Vqa2Reader.Open(dir));
        Assert.Contains("000000000007", e.Subject);
        Assert.Contains("train2014", e.Subject);
        Assert.Contains("image 7 not found", e.Problem);
    }

    [Fact]
    public void Given_a_question_without_annotation_When_read_Then_the_error_names_the_annotations_file()
    {
        var dir = Vqa2Fixture.Create("vqa2-noanno");
        var path = Path.Combine(dir, Vqa2Fixture.TrainAnnotations);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"question_id\": 70", "\"question_id\": 71"));
        var e = Assert.Throws<UserInputException>(() => Vqa2Reader.Open(dir));
        Assert.Equal(path, e.Subject);
        Assert.Contains("question 70", e.Problem);
    }

    [Fact]
    public void Given_malformed_json_When_read_Then_the_error_names_the_file()
    {
        var dir = Vqa2Fixture.Create("vqa2-badjson");
        var path = Path.Combine(dir, Vqa2Fixture.TrainQuestions);
        File.WriteAllText(path, "{\"questions\": [ {\"image_id\": 42,");
        var e = Assert.Throws<UserInputException>(() => Vqa2Reader.Open(dir));
        Assert.Equal(path, e.Subject);
        Assert.StartsWith("malformed JSON", e.Problem);
    }

    [Fact]
    public void Given_no_training_answers_When_building_the_vocabulary_Then_the_error_names_the_source()
    {
        var samples = new[] { new VqaSample(0, "why?", "other", new Dictionary<string, double>()) };
        var e = Assert.Throws<UserInputException>(() => AnswerVocabulary.FromTraining(samples, 0, "/data/ann.json"));
        Assert.Equal("/data/ann.json", e.Subject);
    }

    [Fact]
    public void Given_annotations_with_only_empty_answers_When_read_Then_the_error_names_the_file()
    {
        var dir = Vqa2Fixture.Create("vqa2-emptyanswers");
        var path = Path.Combine(dir, Vqa2Fixture.TrainAnnotations);
        File.WriteAllText(path, """{"annotations": [{"question_id": 420, "answers": [{"answer": " "}, {"answer": "."}]}]}""");
        var e = Assert.Throws<UserInputException>(() => Vqa2Reader.Open(dir));
        Assert.Equal(path, e.Subject);
        Assert.Contains("every answer is empty", e.Problem);
    }
}
