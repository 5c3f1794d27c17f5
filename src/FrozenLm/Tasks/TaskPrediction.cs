using System.Text.Json.Nodes;

namespace FrozenLm.Tasks;

/// <summary>The prediction for one input: the input path, one line of text ("Coat 81.2%, Shirt 9.0%") and the same as JSON.</summary>
public sealed record TaskPrediction(string Input, string Text, JsonObject Json);
