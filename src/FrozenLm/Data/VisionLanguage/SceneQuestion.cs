namespace FrozenLm.Data.VisionLanguage;

/// <summary>A templated question about a scene, its single correct answer and its family.</summary>
public sealed record SceneQuestion(string Text, string Answer, QuestionFamily Family);
