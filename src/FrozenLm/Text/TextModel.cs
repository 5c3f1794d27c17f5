namespace FrozenLm.Text;

/// <summary>
/// A packaged text encoder: its built-in LM name (the ONNX weights and the <c>vocab.txt</c> of its SentenceTransformers
/// assembly), how its package pools a sentence, and its package's truncation length in tokens ([CLS] and [SEP] included).
/// </summary>
public sealed record TextModel(string Name, SentencePooling Pooling, int MaxLength);
