namespace FrozenLm.Data.VisionLanguage;

/// <summary>The typed question families of <c>shapes-vqa</c>; each has its own fixed answer set (<see cref="SceneQuestions.Answers"/>).</summary>
public enum QuestionFamily
{
    Exists,
    Count,
    Colour,
    Shape,
    Spatial,
    Compare,
}
