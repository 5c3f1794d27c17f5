namespace FrozenLm.Models.VisionLanguage;

/// <summary>The shape of the VQA model: the shared fusion shape (<see cref="MergedFusionConfig"/>) and the number of answers.</summary>
public sealed record VqaModelConfig : MergedFusionConfig
{
    public int Answers { get; init; } = 2;

    public override void Validate()
    {
        base.Validate();
        if (Answers < 2)
            throw new UserInputException("answers", $"the answer vocabulary needs at least 2 answers, got {Answers}");
    }
}
