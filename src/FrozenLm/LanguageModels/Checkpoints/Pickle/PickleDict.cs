namespace FrozenLm.LanguageModels.Checkpoints.Pickle;

/// <summary>A dict or OrderedDict rebuilt from a pickle, in insertion order.</summary>
internal sealed class PickleDict
{
    private readonly Dictionary<object, int> _index = [];

    public List<KeyValuePair<object, object?>> Items { get; } = [];

    public void Set(object key, object? value)
    {
        if (_index.TryGetValue(key, out var i))
        {
            Items[i] = new(key, value);
        }
        else
        {
            _index[key] = Items.Count;
            Items.Add(new(key, value));
        }
    }
}
