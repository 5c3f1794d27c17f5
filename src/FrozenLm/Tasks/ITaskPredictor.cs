namespace FrozenLm.Tasks;

/// <summary>A task's predictions for input files (<c>frozenlm predict</c>), one per input, printable and as JSON.</summary>
public interface ITaskPredictor
{
    /// <summary>What an input file is, for help and errors ("image file", "signal file").</summary>
    string InputKind { get; }

    /// <summary>Throws <see cref="UserInputException"/> on the path when it cannot be an input (checked before the model is built).</summary>
    void CheckInput(string path);

    /// <summary>Predicts one input with the reopened <paramref name="task"/>; unreadable input is a <see cref="UserInputException"/> on its path.</summary>
    TaskPrediction Predict(ITrainingTask task, string path, PredictOptions options);
}
