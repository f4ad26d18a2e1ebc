namespace PoseCluster.Pose.Nms;

/// <summary>
/// Greedy OKS-NMS: order by score, keep the best remaining pose, drop every remaining pose whose OKS against it is at
/// least <see cref="OksNmsOptions.Threshold"/>, repeat; at most <see cref="OksNmsOptions.MaxPoses"/> are kept.
/// Scores are not changed. Sequential with a data-dependent loop, O(N^2) OKS evaluations in the worst case.
/// </summary>
internal sealed class ClassicOksNms(OksNmsOptions options) : IPoseNms
{
    private readonly PoseScoreOrder _order = new();
    private float[] _areas = [];
    private bool[] _suppressed = [];

    private readonly OksNmsOptions _options = options;

    public void Apply(PoseFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var persons = frame.Persons;
        var n = persons.Length;
        if (n == 0)
        {
            return;
        }

        _order.SortDescending(persons);
        if (_areas.Length < n)
        {
            var capacity = Math.Max(n, _areas.Length * 2);
            _areas = new float[capacity];
            _suppressed = new bool[capacity];
        }

        var areas = _areas.AsSpan(0, n);
        var suppressed = _suppressed.AsSpan(0, n);
        suppressed.Clear();
        for (var i = 0; i < n; i++)
        {
            areas[i] = ObjectKeypointSimilarity.PoseArea(persons[i], _options.AreaSource, _options.VisibilityThreshold);
        }

        var kept = 0;
        for (var i = 0; i < n && kept < _options.MaxPoses; i++)
        {
            if (suppressed[i])
            {
                continue;
            }

            for (var j = i + 1; j < n; j++)
            {
                if (suppressed[j])
                {
                    continue;
                }

                var area = (areas[i] + areas[j]) * 0.5f;
                var oks = ObjectKeypointSimilarity.BetweenPoses(
                    persons[i].Keypoints, persons[j].Keypoints, area, _options.VisibilityThreshold);
                suppressed[j] = oks >= _options.Threshold;
            }

            // Compacting forward is safe: slot `kept` is at most i and every slot read later is beyond i.
            persons[kept++] = persons[i];
        }

        frame.Truncate(kept);
    }
}
