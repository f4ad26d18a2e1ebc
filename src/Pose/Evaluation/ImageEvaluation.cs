namespace PoseCluster.Pose.Evaluation;

/// <summary>
/// cocoeval's per-image, per-category, per-area-range record (<c>evaluateImg</c>'s dict): detections best first,
/// ground truths non-ignored first, and the matches at every OKS threshold.
/// </summary>
internal sealed class ImageEvaluation
{
    public ImageEvaluation(int thresholds, double[] detectionScores, bool[] groundTruthIgnore)
    {
        DetectionScores = detectionScores;
        GroundTruthIgnore = groundTruthIgnore;
        DetectionMatches = new long[thresholds, detectionScores.Length];
        DetectionIgnore = new bool[thresholds, detectionScores.Length];
    }

    /// <summary>Scores of the (at most maxDets) detections, best first.</summary>
    public double[] DetectionScores { get; }

    /// <summary>Ignore flag of each ground truth (crowd, no keypoints, or outside the area range).</summary>
    public bool[] GroundTruthIgnore { get; }

    /// <summary>[threshold, detection]: id of the matched ground truth, 0 when unmatched (cocoeval's dtMatches).</summary>
    public long[,] DetectionMatches { get; }

    /// <summary>[threshold, detection]: the detection neither counts as a true nor as a false positive.</summary>
    public bool[,] DetectionIgnore { get; }
}
