namespace PoseCluster.ModelTools.Calibration;

/// <summary>
/// What calibration saw of one tensor: its range and a histogram of absolute values over [0, max |x|] (the
/// percentile and entropy methods clip that magnitude).
/// </summary>
public sealed class ActivationStatistics
{
    /// <summary>Creates empty statistics with <paramref name="bins"/> histogram bins.</summary>
    public ActivationStatistics(string tensor, int bins)
    {
        Tensor = tensor;
        Histogram = new long[bins];
    }

    /// <summary>Tensor name.</summary>
    public string Tensor { get; }

    /// <summary>Smallest value seen.</summary>
    public float Min { get; private set; } = float.PositiveInfinity;

    /// <summary>Largest value seen.</summary>
    public float Max { get; private set; } = float.NegativeInfinity;

    /// <summary>Largest magnitude: the histogram's upper edge.</summary>
    public float AbsMax => MathF.Max(MathF.Abs(Min), MathF.Abs(Max));

    /// <summary>Counts of |x| per bin of width <see cref="AbsMax"/> / bins.</summary>
    public long[] Histogram { get; }

    /// <summary>Values counted into the histogram.</summary>
    public long Count { get; private set; }

    /// <summary>First pass: widens the range.</summary>
    public void AddRange(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        Min = MathF.Min(Min, System.Numerics.Tensors.TensorPrimitives.Min(values));
        Max = MathF.Max(Max, System.Numerics.Tensors.TensorPrimitives.Max(values));
    }

    /// <summary>Second pass: counts magnitudes into the histogram over the range of the first pass.</summary>
    public void AddHistogram(ReadOnlySpan<float> values)
    {
        var top = AbsMax;
        if (values.IsEmpty || !(top > 0f))
        {
            return;
        }

        var bins = Histogram.Length;
        var perUnit = bins / top;
        foreach (var v in values)
        {
            var b = (int)(MathF.Abs(v) * perUnit);
            Histogram[b >= bins ? bins - 1 : b]++;
        }

        Count += values.Length;
    }
}
