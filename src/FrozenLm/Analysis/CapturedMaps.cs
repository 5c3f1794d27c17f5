using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Analysis;

/// <summary>
/// Runs a model once with its capture hook set and turns the captured tensors into the filtering maps, keyed
/// "point/magnitude", "point/frequency" and "source/attn" (shared by the image and point-cloud explainers).
/// </summary>
internal static class CapturedMaps
{
    /// <summary>
    /// Sets the hook with <paramref name="setCapture"/>, runs <paramref name="forward"/> without gradients, clears the
    /// hook, and returns detached CPU float32 copies of everything captured (the caller disposes them).
    /// </summary>
    public static Dictionary<string, Tensor> Capture(Action<Action<string, Tensor>?> setCapture, Action forward)
    {
        var captured = new Dictionary<string, Tensor>();
        setCapture((name, t) =>
        {
            if (captured.Remove(name, out var old))
                old.Dispose();
            captured[name] = t.detach().to(float32).cpu().clone().DetachFromDisposeScope();
        });
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            forward();
        }
        catch
        {
            foreach (var t in captured.Values)
                t.Dispose();
            throw;
        }
        finally
        {
            setCapture(null);
        }
        return captured;
    }

    /// <summary>The magnitude, frequency and CLS-attention maps of the captured tensors, each [B * gridH * gridW].</summary>
    public static Dictionary<string, float[]> Maps(IReadOnlyDictionary<string, Tensor> captured, int gridH, int gridW, int prefixTokens)
    {
        using var scope = NewDisposeScope();
        var maps = new Dictionary<string, float[]>();
        foreach (var point in CapturePoints.Features)
        {
            if (!captured.TryGetValue(point, out var features))
                continue;
            maps[point + "/magnitude"] = ActivationMaps.Magnitude(features, gridH, gridW, prefixTokens).data<float>().ToArray();
            maps[point + "/frequency"] = ActivationMaps.Frequency(features, gridH, gridW, prefixTokens).data<float>().ToArray();
        }
        foreach (var (name, capture) in CapturePoints.Attention)
        {
            if (captured.TryGetValue(capture, out var probs))
                maps[name + "/attn"] = ActivationMaps.ClsAttention(probs, gridH, gridW, prefixTokens).data<float>().ToArray();
        }
        return maps;
    }

    /// <summary>The column title of a map key in overlay grids ("visual mag", "lm attn").</summary>
    public static string ColumnTitle(string key)
    {
        var (point, kind) = Split(key);
        return kind switch
        {
            "magnitude" => point + " mag",
            "frequency" => point + " freq",
            _ => point + " attn",
        };
    }

    /// <summary>Splits a map key into its capture point (or attention source) and kind.</summary>
    public static (string Point, string Kind) Split(string key)
    {
        var slash = key.LastIndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }
}
