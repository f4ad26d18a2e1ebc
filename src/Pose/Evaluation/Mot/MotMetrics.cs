namespace PoseCluster.Pose.Evaluation.Mot;

/// <summary>
/// CLEAR MOT and identity metrics of one or more sequences: counts, and the rates derived from them
/// (MOTA = 1 - (FN + FP + IDSW) / GT; IDF1 = 2 IDTP / (2 IDTP + IDFP + IDFN)). Sums over sequences by <see cref="op_Addition"/>.
/// </summary>
/// <param name="Frames">Frames evaluated.</param>
/// <param name="GroundTruth">Ground-truth objects, summed over frames.</param>
/// <param name="Hypotheses">Tracker outputs (persons with a track id), summed over frames.</param>
/// <param name="Matches">Matched pairs (CLEAR MOT true positives).</param>
/// <param name="Misses">Unmatched ground truths (FN).</param>
/// <param name="FalsePositives">Unmatched outputs (FP).</param>
/// <param name="IdSwitches">Ground truths matched to a different track than at their previous match (IDSW).</param>
/// <param name="SimilaritySum">Sum of the matched pairs' similarities (for MOTP).</param>
/// <param name="IdTruePositives">IDTP under the globally optimal one-to-one assignment of ground-truth to track ids.</param>
/// <param name="IdFalsePositives">IDFP = outputs - IDTP.</param>
/// <param name="IdFalseNegatives">IDFN = ground truths - IDTP.</param>
public readonly record struct MotMetrics(
    long Frames,
    long GroundTruth,
    long Hypotheses,
    long Matches,
    long Misses,
    long FalsePositives,
    long IdSwitches,
    double SimilaritySum,
    long IdTruePositives,
    long IdFalsePositives,
    long IdFalseNegatives)
{
    /// <summary>Multiple object tracking accuracy, 1 - (FN + FP + IDSW) / GT (can be negative; 1 without ground truth and errors).</summary>
    public double Mota => GroundTruth == 0 ? (Misses + FalsePositives + IdSwitches == 0 ? 1 : double.NegativeInfinity)
        : 1.0 - ((double)(Misses + FalsePositives + IdSwitches) / GroundTruth);

    /// <summary>Multiple object tracking precision: the mean similarity (IoU or OKS) of the matched pairs.</summary>
    public double Motp => Matches == 0 ? 0 : SimilaritySum / Matches;

    /// <summary>Identity F1, 2 IDTP / (2 IDTP + IDFP + IDFN).</summary>
    public double Idf1 => Ratio(2 * IdTruePositives, (2 * IdTruePositives) + IdFalsePositives + IdFalseNegatives);

    /// <summary>Identity precision, IDTP / (IDTP + IDFP).</summary>
    public double IdPrecision => Ratio(IdTruePositives, IdTruePositives + IdFalsePositives);

    /// <summary>Identity recall, IDTP / (IDTP + IDFN).</summary>
    public double IdRecall => Ratio(IdTruePositives, IdTruePositives + IdFalseNegatives);

    /// <summary>Detection recall, matches / GT.</summary>
    public double Recall => Ratio(Matches, GroundTruth);

    /// <summary>Detection precision, matches / outputs.</summary>
    public double Precision => Ratio(Matches, Hypotheses);

    /// <summary>The counts of two evaluations added (the metrics of the sequences together, as MOTChallenge's overall row).</summary>
    public static MotMetrics operator +(MotMetrics a, MotMetrics b) => new(
        a.Frames + b.Frames,
        a.GroundTruth + b.GroundTruth,
        a.Hypotheses + b.Hypotheses,
        a.Matches + b.Matches,
        a.Misses + b.Misses,
        a.FalsePositives + b.FalsePositives,
        a.IdSwitches + b.IdSwitches,
        a.SimilaritySum + b.SimilaritySum,
        a.IdTruePositives + b.IdTruePositives,
        a.IdFalsePositives + b.IdFalsePositives,
        a.IdFalseNegatives + b.IdFalseNegatives);

    /// <summary>The same as <see cref="op_Addition"/>.</summary>
    public static MotMetrics Add(MotMetrics a, MotMetrics b) => a + b;

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
