using System.Globalization;
using System.Text.Json.Nodes;
using FrozenLm.Tasks;
using TorchSharp;

namespace FrozenLm.Tests.Tasks.Signals;

/// <summary>Predicts the bump amplitude of signal files: text files of 32 numbers separated by spaces, commas or newlines.</summary>
internal sealed class SignalsPredictor : ITaskPredictor
{
    public const string GainFlag = "--gain";

    public string InputKind => "signal file";

    public IReadOnlyList<TaskCommandFlag> Flags => [new(GainFlag, "multiply the predicted amplitude by this factor")];

    public void CheckInput(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "signal file not found");
    }

    public TaskPrediction Predict(ITrainingTask task, string path, PredictOptions options)
    {
        var values = Read(path);
        using var tokens = torch.tensor(values, [1, SignalsOptions.Tokens, SignalsOptions.TokenSize]);   // [1, T, S]
        using var predicted = ((SignalsTask)task).Predict(tokens);                                      // [1]
        var gain = options.Values.Single(GainFlag) is { } text ? FlagValues.ToDouble(text, GainFlag) : 1.0;
        var amplitude = gain * predicted[0].item<float>();
        return new TaskPrediction(path, $"amplitude {amplitude.ToString("F4", CultureInfo.InvariantCulture)}",
            new JsonObject { ["amplitude"] = amplitude });
    }

    private static float[] Read(string path)
    {
        var parts = File.ReadAllText(path).Split([' ', ',', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var values = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new UserInputException(path, $"'{parts[i]}' is not a number");
        }
        if (values.Length != SignalsOptions.Length)
            throw new UserInputException(path, $"has {values.Length} samples, a signal has {SignalsOptions.Length}");
        return values;
    }
}
