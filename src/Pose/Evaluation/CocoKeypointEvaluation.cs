namespace PoseCluster.Pose.Evaluation;

/// <summary>
/// The outcome of <see cref="CocoKeypointEvaluator.Evaluate"/>: the ten stats and cocoeval's accumulated arrays
/// (<c>eval['precision']</c> and <c>eval['recall']</c> without the single maxDets axis). -1 marks settings without
/// ground truth.
/// </summary>
public sealed class CocoKeypointEvaluation
{
    internal CocoKeypointEvaluation(
        CocoStats stats,
        double[] iouThresholds,
        double[] recallThresholds,
        long[] imageIds,
        int[] categoryIds,
        CocoAreaRange[] areaRanges,
        int maxDetections,
        double[,,,] precision,
        double[,,] recall)
    {
        Stats = stats;
        IouThresholds = iouThresholds;
        RecallThresholds = recallThresholds;
        ImageIds = imageIds;
        CategoryIds = categoryIds;
        AreaRanges = areaRanges;
        MaxDetections = maxDetections;
        Precision = precision;
        Recall = recall;
    }

    /// <summary>The ten summary stats.</summary>
    public CocoStats Stats { get; }

    /// <summary>OKS thresholds (np.linspace(.5, .95, 10)).</summary>
    public IReadOnlyList<double> IouThresholds { get; }

    /// <summary>Recall thresholds (np.linspace(0, 1, 101)).</summary>
    public IReadOnlyList<double> RecallThresholds { get; }

    /// <summary>Evaluated image ids (every image of the ground truth, ascending).</summary>
    public IReadOnlyList<long> ImageIds { get; }

    /// <summary>Evaluated category ids (ascending).</summary>
    public IReadOnlyList<int> CategoryIds { get; }

    /// <summary>Area ranges: all, medium, large.</summary>
    public IReadOnlyList<CocoAreaRange> AreaRanges { get; }

    /// <summary>Detections per image that counted.</summary>
    public int MaxDetections { get; }

    /// <summary>Interpolated precision [threshold, recall threshold, category, area range].</summary>
    public double[,,,] Precision { get; }

    /// <summary>Final recall [threshold, category, area range].</summary>
    public double[,,] Recall { get; }

    /// <summary>pycocotools' summary lines for <see cref="Stats"/>.</summary>
    public override string ToString() => Stats.ToSummaryTable(MaxDetections);
}
