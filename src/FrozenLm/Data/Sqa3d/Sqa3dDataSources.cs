namespace FrozenLm.Data.Sqa3d;

/// <summary>Opens a situated 3D QA data set by name: <c>shapes-3dqa</c> (generated) or a folder in the SQA3D layout.</summary>
public static class Sqa3dDataSources
{
    /// <summary>
    /// Opens <paramref name="source"/>; a generated set has <paramref name="trainCount"/> and <paramref name="evalCount"/>
    /// questions (0 = its defaults) in rooms of <paramref name="points"/> points; a folder all of its questions.
    /// </summary>
    public static Sqa3dData Open(string source, string? format, int trainCount, int evalCount, int points)
    {
        if (string.IsNullOrWhiteSpace(source) || string.Equals(source.Trim(), Shapes3dQaData.Name, StringComparison.OrdinalIgnoreCase))
            return Shapes3dQaData.Open(trainCount > 0 ? trainCount : Shapes3dQaData.DefaultTrainCount,
                evalCount > 0 ? evalCount : Shapes3dQaData.DefaultEvalCount, points);
        if (format is not null && !string.Equals(format.Trim(), Sqa3dFolder.Format, StringComparison.OrdinalIgnoreCase))
            throw new UserInputException("--format", $"'{format}' is not a 3D QA format (known: {Sqa3dFolder.Format})");
        if (!Directory.Exists(source))
            throw new UserInputException("--data", $"'{source}' is neither a folder in the SQA3D layout nor {Shapes3dQaData.Name}");
        return Sqa3dFolder.Open(source);
    }
}
