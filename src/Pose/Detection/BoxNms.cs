namespace PoseCluster.Pose.Detection;

/// <summary>Greedy IoU non-maximum suppression over detections, in place, allocation-free.</summary>
public static class BoxNms
{
    /// <summary>
    /// Sorts <paramref name="detections"/> by score (descending, stable) and keeps those whose IoU with every kept,
    /// higher-scored detection is at most <paramref name="iouThreshold"/>; returns how many were kept (at the front).
    /// </summary>
    public static int Apply(Span<PersonDetection> detections, float iouThreshold, int maxKept = int.MaxValue)
    {
        // Insertion sort keeps equal scores in input order and is fast for the few hundred candidates a frame has.
        for (var i = 1; i < detections.Length; i++)
        {
            var d = detections[i];
            var j = i - 1;
            while (j >= 0 && detections[j].Score < d.Score)
            {
                detections[j + 1] = detections[j];
                j--;
            }

            detections[j + 1] = d;
        }

        var kept = 0;
        for (var i = 0; i < detections.Length && kept < maxKept; i++)
        {
            var candidate = detections[i];
            var suppressed = false;
            for (var k = 0; k < kept; k++)
            {
                if (detections[k].Box.IoU(candidate.Box) > iouThreshold)
                {
                    suppressed = true;
                    break;
                }
            }

            if (!suppressed)
            {
                detections[kept++] = candidate;
            }
        }

        return kept;
    }
}
