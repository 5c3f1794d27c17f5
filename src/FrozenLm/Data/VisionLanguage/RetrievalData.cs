namespace FrozenLm.Data.VisionLanguage;

/// <summary>An image-text retrieval data set as a run uses it: the training split, the evaluation gallery, and where they came from.</summary>
public sealed record RetrievalData(RetrievalSplit Train, RetrievalSplit Eval, string Source, string Format);
