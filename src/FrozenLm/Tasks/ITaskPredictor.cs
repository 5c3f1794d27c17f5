namespace FrozenLm.Tasks;

/// <summary>A task's predictions for input files (<c>frozenlm predict</c>), one per input, printable and as JSON.</summary>
public interface ITaskPredictor
{
    /// <summary>What an input file is, for help and errors ("image file", "signal file").</summary>
    string InputKind { get; }

    /// <summary>The task's own <c>predict</c> flags (<c>--question</c>); their values arrive in <see cref="PredictOptions.Values"/>.</summary>
    IReadOnlyList<TaskCommandFlag> Flags => [];

    /// <summary>How many positional inputs the task needs at least (0 when its inputs come through a flag).</summary>
    int MinInputs => 1;

    /// <summary>Throws <see cref="UserInputException"/> on the path when it cannot be an input (checked before the model is built).</summary>
    void CheckInput(string path);

    /// <summary>Throws <see cref="UserInputException"/> for missing or invalid flag values (checked before the model is built).</summary>
    void CheckOptions(PredictOptions options)
    {
    }

    /// <summary>Predicts one input with the reopened <paramref name="task"/>; unreadable input is a <see cref="UserInputException"/> on its path.</summary>
    TaskPrediction Predict(ITrainingTask task, string path, PredictOptions options);

    /// <summary>Predictions for all inputs, in order; a task whose answer ranks the inputs together (retrieval) overrides it.</summary>
    IReadOnlyList<TaskPrediction> PredictAll(ITrainingTask task, IReadOnlyList<string> inputs, PredictOptions options) =>
        inputs.Select(input => Predict(task, input, options)).ToList();
}
