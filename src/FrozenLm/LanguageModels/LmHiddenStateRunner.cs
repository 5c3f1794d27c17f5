using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.LanguageModels;

/// <summary>Runs loaded LM blocks over hidden states read from a safetensors file (tensor "hidden") and writes the result.</summary>
public static class LmHiddenStateRunner
{
    public const string TensorName = "hidden";

    /// <summary>Reads <paramref name="inputPath"/>, runs the stack without gradients, writes <paramref name="outputPath"/>; returns the output shape.</summary>
    public static long[] Run(LmBlockStack stack, string inputPath, string outputPath)
    {
        using var scope = torch.NewDisposeScope();
        using var input = SafetensorsFile.Open(inputPath);
        if (!input.Contains(TensorName))
            throw new UserInputException(inputPath, $"has no tensor named '{TensorName}'");
        var info = input.Info(TensorName);
        if (info.DType != "F32" || info.Shape.Length != 3 || info.Shape[2] != stack.Config.HiddenSize)
            throw new UserInputException(inputPath,
                $"tensor '{TensorName}' must be F32 [batch, tokens, {stack.Config.HiddenSize}], got {info.DType} [{string.Join(", ", info.Shape)}]");
        var hidden = input.Read(TensorName);
        using var noGrad = torch.no_grad();
        var output = stack.forward(hidden);
        SafetensorsWriter.WriteOne(outputPath, TensorName, output);
        return output.shape;
    }
}
