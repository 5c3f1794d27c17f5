using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Formats;

/// <summary>A seeded, class-stratified split of indices into a kept part and a held-out part (both in ascending order).</summary>
internal static class StratifiedSplit
{
    public static (int[] Keep, int[] HeldOut) Split(IReadOnlyList<int> labels, int classes, double fraction, int seed)
    {
        if (fraction is <= 0 or >= 1)
            throw new UserInputException("--val-fraction", $"{fraction} must be between 0 and 1 (exclusive)");
        var keep = new List<int>();
        var held = new List<int>();
        for (var c = 0; c < classes; c++)
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).ToArray();
            var rng = new SampleRandom(seed, 0x5e1, c, 0);
            rng.Shuffle(members);
            var take = members.Length < 2 ? 0 : Math.Clamp((int)Math.Round(members.Length * fraction), 1, members.Length - 1);
            held.AddRange(members[..take]);
            keep.AddRange(members[take..]);
        }
        if (held.Count == 0)
            throw new UserInputException("--val-fraction", $"{fraction} holds out no images of {labels.Count}");
        keep.Sort();
        held.Sort();
        return (keep.ToArray(), held.ToArray());
    }
}
