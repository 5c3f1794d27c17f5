using System.Globalization;

namespace FrozenLm.Training;

/// <summary>
/// Where a run stands after a finished epoch: epochs done, optimizer steps taken, the best primary metric and its epoch.
/// Randomness needs nothing more: each epoch re-seeds torch and the loader from (seed, epoch).
/// </summary>
public sealed record TrainState(int EpochsDone, long Step, double Best, int BestEpoch, int Seed)
{
    public IReadOnlyDictionary<string, string> ToMetadata() => new Dictionary<string, string>
    {
        ["format"] = "frozenlm-train-state",
        ["epoch"] = EpochsDone.ToString(CultureInfo.InvariantCulture),
        ["step"] = Step.ToString(CultureInfo.InvariantCulture),
        ["best"] = Best.ToString("R", CultureInfo.InvariantCulture),
        ["best_epoch"] = BestEpoch.ToString(CultureInfo.InvariantCulture),
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["rng"] = "torch.manual_seed(Seeding.Derive(seed, \"epoch:E\")) at the start of epoch E; loader order keyed by (seed, E)",
    };

    public static TrainState FromMetadata(IReadOnlyDictionary<string, string> m, string path)
    {
        string Get(string key) => m.TryGetValue(key, out var v) ? v : throw new UserInputException(path, $"training state lacks '{key}'");
        var inv = CultureInfo.InvariantCulture;
        try
        {
            return new TrainState(int.Parse(Get("epoch"), inv), long.Parse(Get("step"), inv), double.Parse(Get("best"), inv),
                int.Parse(Get("best_epoch"), inv), int.Parse(Get("seed"), inv));
        }
        catch (FormatException e)
        {
            throw new UserInputException(path, "training state metadata is malformed", e);
        }
    }
}
