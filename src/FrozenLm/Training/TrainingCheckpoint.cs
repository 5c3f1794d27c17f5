using System.Globalization;
using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Training;

/// <summary>
/// Saves and restores what a run needs: the trainable weights only (frozen ones are re-read from their source), and the
/// training state. The training state is the checkpoint, one atomic file: the trainable weights (<c>weights.{name}</c>),
/// the AdamW moments, step, finished epochs and best metric; <c>last</c>/<c>best.safetensors</c> are copies of its weights
/// for eval and predict, rewritten from it when a kill left them behind.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>Writes the parameters with <c>requires_grad</c> (and every parameter of a model without frozen ones).</summary>
    public static void SaveTrainable(nn.Module model, string path, int epoch)
    {
        var tensors = ParameterGroups.Of(model).Trainable
            .Select(p => new KeyValuePair<string, Tensor>(p.Name, p.Parameter))
            .Concat(LearnedStatistics(model))
            .OrderBy(t => t.Key, StringComparer.Ordinal);
        SafetensorsWriter.Write(path, tensors, new Dictionary<string, string>
        {
            ["format"] = "frozenlm-trainable",
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>
    /// Copies the trainable weights in <paramref name="path"/> into <paramref name="model"/>; every trainable parameter must
    /// be present with its shape, and no other tensor may be. Returns the epoch recorded in the file.
    /// </summary>
    public static int LoadTrainable(nn.Module model, string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "weights file not found");
        using var file = SafetensorsFile.Open(path);
        var trainable = ParameterGroups.Of(model).Trainable.ToList();
        var expected = trainable.Select(p => p.Name).Concat(LearnedStatistics(model).Select(b => b.Key)).ToHashSet(StringComparer.Ordinal);
        var extra = file.Names.Where(n => !expected.Contains(n)).ToList();
        if (extra.Count > 0)
            throw new UserInputException(path, $"holds tensors the model does not train: {string.Join(", ", extra.Take(5))}");
        using (torch.no_grad())
        {
            foreach (var p in trainable)
            {
                if (!file.Contains(p.Name))
                    throw new UserInputException(path, $"lacks the trainable tensor {p.Name}");
                using var value = file.Read(p.Name);
                if (!value.shape.SequenceEqual(p.Parameter.shape))
                    throw new UserInputException(path,
                        $"{p.Name} has shape [{string.Join(", ", value.shape)}], the model expects [{string.Join(", ", p.Parameter.shape)}]");
                p.Parameter.copy_(value);
            }
        }
        CopyStatistics(model, path, name => file.Contains(name) ? file.Read(name) : null);
        return ReadEpoch(file.Metadata, path);
    }

    /// <summary>Writes the checkpoint: the trainable weights of <paramref name="model"/>, the optimizer's moments and <paramref name="state"/>.</summary>
    public static void SaveState(string path, nn.Module model, AdamW optimizer, TrainState state)
    {
        var weights = ParameterGroups.Of(model).Trainable
            .Select(p => new KeyValuePair<string, Tensor>(p.Name, p.Parameter))
            .Concat(LearnedStatistics(model))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new KeyValuePair<string, Tensor>(WeightPrefix + t.Key, t.Value));
        SafetensorsWriter.Write(path,
            weights.Concat(optimizer.StateTensors().Select(t => new KeyValuePair<string, Tensor>(t.Name, t.Value))),
            state.ToMetadata());
    }

    /// <summary>
    /// Restores the optimizer and, when the checkpoint holds them (every checkpoint written since they are one file),
    /// the trainable weights of <paramref name="model"/>; <paramref name="hasWeights"/> says which.
    /// </summary>
    public static TrainState LoadState(string path, nn.Module model, AdamW optimizer, out bool hasWeights)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "training state not found; the run has no finished epoch to resume from");
        using var file = SafetensorsFile.Open(path);
        var state = TrainState.FromMetadata(file.Metadata, path);
        hasWeights = file.Names.Any(n => n.StartsWith(WeightPrefix, StringComparison.Ordinal));
        try
        {
            optimizer.LoadState(state.Step, name => file.Contains(name) ? file.Read(name) : null);
        }
        catch (InvalidDataException e)
        {
            throw new UserInputException(path, e.Message, e);
        }
        if (hasWeights)
            CopyInto(model, path, name => file.Contains(WeightPrefix + name) ? file.Read(WeightPrefix + name) : null);
        return state;
    }

    /// <summary>The epoch a weights file records, or null when it is missing or unreadable (a file a kill left behind).</summary>
    public static int? EpochOf(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            using var file = SafetensorsFile.Open(path);
            return file.Metadata.TryGetValue("epoch", out var text) &&
                   int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
                ? epoch
                : null;
        }
        catch (Exception e) when (e is UserInputException or InvalidDataException or IOException)
        {
            return null;
        }
    }

    private const string WeightPrefix = "weights.";

    private static void CopyInto(nn.Module model, string path, Func<string, Tensor?> read)
    {
        using var _ = torch.no_grad();
        foreach (var p in ParameterGroups.Of(model).Trainable)
        {
            using var value = read(p.Name) ?? throw new UserInputException(path, $"lacks the trainable tensor {p.Name}");
            if (!value.shape.SequenceEqual(p.Parameter.shape))
                throw new UserInputException(path,
                    $"{p.Name} has shape [{string.Join(", ", value.shape)}], the model expects [{string.Join(", ", p.Parameter.shape)}]");
            p.Parameter.copy_(value);
        }
        CopyStatistics(model, path, read);
    }

    private static readonly string[] StatisticSuffixes = [".running_mean", ".running_var", ".num_batches_tracked"];

    /// <summary>
    /// Buffers that training changes (batch-norm running mean, variance and count, named as PyTorch names them): a model
    /// is only restored with them, so they travel with the trainable weights.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, Tensor>> LearnedStatistics(nn.Module model) =>
        model.named_buffers()
            .Where(b => StatisticSuffixes.Any(s => b.name.EndsWith(s, StringComparison.Ordinal)))
            .Select(b => new KeyValuePair<string, Tensor>(b.name, b.buffer));

    /// <summary>Copies the learned statistics the file holds (files written before they were saved hold none).</summary>
    private static void CopyStatistics(nn.Module model, string path, Func<string, Tensor?> read)
    {
        using var _ = torch.no_grad();
        foreach (var (name, buffer) in LearnedStatistics(model))
        {
            using var value = read(name);
            if (value is null)
                continue;
            if (!value.shape.SequenceEqual(buffer.shape))
                throw new UserInputException(path,
                    $"{name} has shape [{string.Join(", ", value.shape)}], the model expects [{string.Join(", ", buffer.shape)}]");
            buffer.copy_(value);
        }
    }

    private static int ReadEpoch(IReadOnlyDictionary<string, string> metadata, string path) =>
        metadata.TryGetValue("epoch", out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
            ? epoch
            : throw new UserInputException(path, "not a FrozenLm weights file (no epoch in its metadata)");
}
