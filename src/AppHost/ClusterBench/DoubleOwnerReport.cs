namespace PoseCluster.AppHost.ClusterBench;

/// <summary>Frames of one camera accepted from two silos for overlapping capture times.</summary>
/// <param name="Frames">Frames (of both owners) captured inside an overlap.</param>
/// <param name="OverlappingPairs">Pairs of owners (camera, silo, epoch) whose capture intervals overlap.</param>
/// <param name="MaxOverlapMs">The longest overlap.</param>
/// <param name="Owners">Owner intervals seen (camera, silo, epoch).</param>
internal sealed record DoubleOwnerReport(long Frames, int OverlappingPairs, double MaxOverlapMs, int Owners)
{
    /// <summary>
    /// For every camera, the frames published under each owner (silo, epoch) span a capture-time interval; where the
    /// intervals of two different silos overlap, every frame captured inside the overlap counts.
    /// </summary>
    public static DoubleOwnerReport Of(IEnumerable<RecordedPose> poses)
    {
        long frames = 0;
        var pairs = 0;
        var owners = 0;
        var maxOverlap = TimeSpan.Zero;
        foreach (var camera in poses.GroupBy(p => p.Camera))
        {
            var segments = camera
                .GroupBy(p => (p.Silo, p.Epoch))
                .Select(g => (g.Key.Silo, First: g.Min(p => p.CapturedAt), Last: g.Max(p => p.CapturedAt), Captures: g.Select(p => p.CapturedAt).ToList()))
                .ToList();
            owners += segments.Count;
            for (var i = 0; i < segments.Count; i++)
            {
                for (var j = i + 1; j < segments.Count; j++)
                {
                    var (a, b) = (segments[i], segments[j]);
                    if (a.Silo == b.Silo)
                    {
                        continue;
                    }

                    var start = a.First > b.First ? a.First : b.First;
                    var end = a.Last < b.Last ? a.Last : b.Last;
                    if (start > end)
                    {
                        continue;
                    }

                    pairs++;
                    maxOverlap = end - start > maxOverlap ? end - start : maxOverlap;
                    frames += a.Captures.Count(t => t >= start && t <= end) + b.Captures.Count(t => t >= start && t <= end);
                }
            }
        }

        return new DoubleOwnerReport(frames, pairs, maxOverlap.TotalMilliseconds, owners);
    }
}
