namespace FrozenLm.Analysis;

/// <summary>Collects one map's per-image oracle IoU and AUROC against the token-grid ground truth and averages them.</summary>
public sealed class MapScoreAccumulator
{
    private double _iouSum;
    private double _thresholdSum;
    private double _aurocSum;
    private int _aurocCount;

    /// <summary>Images scored.</summary>
    public int Count { get; private set; }

    /// <summary>Mean over images of the oracle-threshold IoU; null before any image.</summary>
    public double? MeanIoU => Count == 0 ? null : _iouSum / Count;

    /// <summary>Mean over images of the threshold the oracle picked.</summary>
    public double? MeanThreshold => Count == 0 ? null : _thresholdSum / Count;

    /// <summary>Mean over images of the AUROC (images where it is undefined are left out); null when none.</summary>
    public double? MeanAuroc => _aurocCount == 0 ? null : _aurocSum / _aurocCount;

    public void Add(ReadOnlySpan<float> map, ReadOnlySpan<bool> truth)
    {
        var (iou, threshold) = MaskScores.OracleIoU(map, truth);
        _iouSum += iou;
        _thresholdSum += threshold;
        Count++;
        var auroc = MaskScores.Auroc(map, truth);
        if (!double.IsNaN(auroc))
        {
            _aurocSum += auroc;
            _aurocCount++;
        }
    }
}
