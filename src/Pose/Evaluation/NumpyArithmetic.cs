namespace PoseCluster.Pose.Evaluation;

/// <summary>
/// The few numpy behaviours the cocoeval port must reproduce bit for bit: np.spacing(1), np.linspace, np.sum's pairwise
/// summation and np.searchsorted(side='left'). They decide threshold ties, so "close" is not enough.
/// </summary>
internal static class NumpyArithmetic
{
    /// <summary>np.spacing(1): the distance from 1.0 to the next double (2^-52).</summary>
    public const double Spacing1 = 2.220446049250313e-16;

    /// <summary>np.linspace(start, stop, num, endpoint=True): start + i * ((stop - start) / (num - 1)), last = stop.</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        var y = new double[num];
        if (num == 0)
        {
            return y;
        }

        var step = num > 1 ? (stop - start) / (num - 1) : 0.0;
        for (var i = 0; i < num; i++)
        {
            y[i] = (i * step) + start;
        }

        if (num > 1)
        {
            y[^1] = stop;
        }

        return y;
    }

    /// <summary>np.sum / np.add.reduce of a contiguous float64 vector: 0 + numpy's pairwise sum.</summary>
    public static double Sum(ReadOnlySpan<double> values) => 0.0 + PairwiseSum(values);

    /// <summary>np.mean of a float64 vector: <see cref="Sum"/> divided by the count (NaN when empty).</summary>
    public static double Mean(ReadOnlySpan<double> values) => Sum(values) / values.Length;

    /// <summary>np.searchsorted(sorted, value, side='left'): the first index whose element is not less than the value.</summary>
    public static int SearchSortedLeft(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    // numpy's pairwise_sum (loops_utils.h): plain loop below 8 elements, 8 interleaved accumulators up to the 128-element
    // block, recursive halving (on a multiple of 8) above it.
    private static double PairwiseSum(ReadOnlySpan<double> a)
    {
        var n = a.Length;
        if (n < 8)
        {
            var s = 0.0;
            foreach (var v in a)
            {
                s += v;
            }

            return s;
        }

        if (n <= 128)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                r0 += a[i];
                r1 += a[i + 1];
                r2 += a[i + 2];
                r3 += a[i + 3];
                r4 += a[i + 4];
                r5 += a[i + 5];
                r6 += a[i + 6];
                r7 += a[i + 7];
            }

            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        var n2 = n / 2;
        n2 -= n2 % 8;
        return PairwiseSum(a[..n2]) + PairwiseSum(a[n2..]);
    }
}
