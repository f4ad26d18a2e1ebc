namespace PoseCluster.ModelTools.Calibration;

/// <summary>Chooses the range [min, max] an activation is quantised over, per <see cref="CalibrationMethod"/>.</summary>
public static class ActivationRangeEstimator
{
    /// <summary>
    /// The range of <paramref name="stats"/> under <paramref name="method"/> (not Auto). <paramref name="percentile"/>
    /// is used by the percentile method; <paramref name="signedLevels"/> is the number of quantisation levels on one
    /// side of zero (128 for 8 bits), used by the entropy method.
    /// </summary>
    public static (float Min, float Max) Estimate(ActivationStatistics stats, CalibrationMethod method, double percentile = 99.99, int signedLevels = 128)
    {
        if (float.IsInfinity(stats.Min) || stats.AbsMax == 0f)
        {
            return (0f, 0f);
        }

        var threshold = method switch
        {
            CalibrationMethod.MinMax => stats.AbsMax,
            CalibrationMethod.Percentile => PercentileThreshold(stats, percentile),
            CalibrationMethod.Entropy => EntropyThreshold(stats, stats.Min >= 0f ? 2 * signedLevels : signedLevels),
            CalibrationMethod.Mse => MseThreshold(stats, (2 * signedLevels) - 1),
            _ => throw new ArgumentException($"{method} is not a single calibration method."),
        };
        return stats.Min >= 0f ? (0f, MathF.Min(stats.Max, threshold)) : (MathF.Max(stats.Min, -threshold), MathF.Min(stats.Max, threshold));
    }

    private static float BinWidth(ActivationStatistics stats) => stats.AbsMax / stats.Histogram.Length;

    /// <summary>
    /// The threshold t minimising clipping error (values beyond t moved to t) plus rounding error (step^2 / 12 per
    /// value) for a quantiser of <paramref name="steps"/> steps over the range t leaves: a per-tensor balance that
    /// min-max (no clipping) and a fixed percentile cannot strike.
    /// </summary>
    private static float MseThreshold(ActivationStatistics stats, int steps)
    {
        var hist = stats.Histogram;
        var width = BinWidth(stats);
        if (stats.Count == 0)
        {
            return stats.AbsMax;
        }

        var best = stats.AbsMax;
        var bestError = double.PositiveInfinity;
        for (var edge = hist.Length; edge >= hist.Length / 100 && edge > 0; edge -= Math.Max(1, hist.Length / 512))
        {
            var t = edge * width;
            var lo = stats.Min >= 0f ? 0f : MathF.Max(stats.Min, -t);
            var hi = MathF.Min(stats.Max, t);
            var step = (hi - lo) / steps;
            double error = 0;
            for (var i = 0; i < hist.Length; i++)
            {
                if (hist[i] == 0)
                {
                    continue;
                }

                var centre = (i + 0.5) * width;
                error += centre <= t ? hist[i] * (step * (double)step / 12.0) : hist[i] * (centre - t) * (centre - t);
            }

            if (error < bestError)
            {
                bestError = error;
                best = t;
            }
        }

        return best;
    }

    private static float PercentileThreshold(ActivationStatistics stats, double percentile)
    {
        if (stats.Count == 0)
        {
            return stats.AbsMax;
        }

        var target = stats.Count * percentile / 100.0;
        long cumulative = 0;
        for (var i = 0; i < stats.Histogram.Length; i++)
        {
            cumulative += stats.Histogram[i];
            if (cumulative >= target)
            {
                return (i + 1) * BinWidth(stats);
            }
        }

        return stats.AbsMax;
    }

    /// <summary>
    /// TensorRT-style entropy calibration: for candidate thresholds (in bins), fold the clipped tail into the last
    /// bin, re-quantise the kept histogram to <paramref name="levels"/> levels and keep the threshold with the
    /// smallest KL divergence.
    /// </summary>
    private static float EntropyThreshold(ActivationStatistics stats, int levels)
    {
        var hist = stats.Histogram;
        var bins = hist.Length;
        if (stats.Count == 0 || bins <= levels)
        {
            return stats.AbsMax;
        }

        var best = bins;
        var bestDivergence = double.PositiveInfinity;
        var p = new double[bins];
        var q = new double[bins];
        var step = Math.Max(1, (bins - levels) / 256);
        for (var i = levels; i <= bins; i += step)
        {
            long outliers = 0;
            for (var k = i; k < bins; k++)
            {
                outliers += hist[k];
            }

            for (var k = 0; k < i; k++)
            {
                p[k] = hist[k];
            }

            p[i - 1] += outliers;

            // Merge the i kept bins into `levels` groups, then spread each group's mass over its non-empty bins.
            var perLevel = i / (double)levels;
            for (var j = 0; j < levels; j++)
            {
                var start = (int)(j * perLevel);
                var end = j == levels - 1 ? i : (int)((j + 1) * perLevel);
                double sum = 0;
                var nonEmpty = 0;
                for (var k = start; k < end; k++)
                {
                    sum += hist[k];
                    nonEmpty += hist[k] != 0 ? 1 : 0;
                }

                for (var k = start; k < end; k++)
                {
                    q[k] = hist[k] != 0 && nonEmpty > 0 ? sum / nonEmpty : 0;
                }
            }

            var divergence = KlDivergence(p.AsSpan(0, i), q.AsSpan(0, i));
            if (divergence < bestDivergence)
            {
                bestDivergence = divergence;
                best = i;
            }
        }

        return best * BinWidth(stats);
    }

    private static double KlDivergence(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double sp = 0, sq = 0;
        for (var k = 0; k < p.Length; k++)
        {
            sp += p[k];
            sq += q[k];
        }

        if (sp == 0 || sq == 0)
        {
            return double.PositiveInfinity;
        }

        double d = 0;
        for (var k = 0; k < p.Length; k++)
        {
            if (p[k] == 0)
            {
                continue;
            }

            var pk = p[k] / sp;

            // A bin the quantised histogram leaves empty would make the divergence infinite: smooth it.
            var qk = q[k] == 0 ? 1e-10 : q[k] / sq;
            d += pk * Math.Log(pk / qk);
        }

        return d;
    }
}
