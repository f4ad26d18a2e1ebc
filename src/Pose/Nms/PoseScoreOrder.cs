namespace PoseCluster.Pose.Nms;

/// <summary>
/// Stable best-first ordering of the persons of a frame, in place, with reusable scratch (no allocation once grown).
/// Stable so that equal scores keep the pipeline's order and NMS results are deterministic.
/// </summary>
internal sealed class PoseScoreOrder
{
    private ScoredIndex[] _keys = [];
    private ScoredIndex[] _merge = [];
    private PersonPose[] _persons = [];

    /// <summary>Sorts <paramref name="persons"/> by descending score; equal scores keep their relative order.</summary>
    public void SortDescending(Span<PersonPose> persons)
    {
        var n = persons.Length;
        if (n < 2)
        {
            return;
        }

        EnsureCapacity(n);
        var keys = _keys.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            keys[i] = new ScoredIndex(persons[i].Score, i);
        }

        var sorted = MergeSort(keys, _merge.AsSpan(0, n));
        var already = true;
        for (var i = 0; i < n && already; i++)
        {
            already = sorted[i].Index == i;
        }

        if (already)
        {
            return;
        }

        var scratch = _persons.AsSpan(0, n);
        persons.CopyTo(scratch);
        for (var i = 0; i < n; i++)
        {
            persons[i] = scratch[sorted[i].Index];
        }
    }

    // Bottom-up merge sort ping-ponging between the two buffers; returns the one holding the result. Taking from the
    // left run unless the right element is strictly better keeps it stable.
    private static Span<ScoredIndex> MergeSort(Span<ScoredIndex> a, Span<ScoredIndex> b)
    {
        var n = a.Length;
        var source = a;
        var target = b;
        for (var width = 1; width < n; width *= 2)
        {
            for (var lo = 0; lo < n; lo += 2 * width)
            {
                var mid = Math.Min(lo + width, n);
                var hi = Math.Min(lo + (2 * width), n);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi)
                {
                    target[k++] = source[j].Score > source[i].Score ? source[j++] : source[i++];
                }

                while (i < mid)
                {
                    target[k++] = source[i++];
                }

                while (j < hi)
                {
                    target[k++] = source[j++];
                }
            }

            var swap = source;
            source = target;
            target = swap;
        }

        return source;
    }

    private void EnsureCapacity(int n)
    {
        if (_keys.Length >= n)
        {
            return;
        }

        var capacity = Math.Max(n, _keys.Length * 2);
        _keys = new ScoredIndex[capacity];
        _merge = new ScoredIndex[capacity];
        _persons = new PersonPose[capacity];
    }

    private readonly record struct ScoredIndex(float Score, int Index);
}
