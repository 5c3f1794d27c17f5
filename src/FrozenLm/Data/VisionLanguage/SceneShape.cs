namespace FrozenLm.Data.VisionLanguage;

/// <summary>The shapes a generated scene draws; <see cref="SceneVocabulary"/> holds their words.</summary>
public enum SceneShape
{
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
}
