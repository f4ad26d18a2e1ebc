namespace PoseCluster.Pose.Evaluation.Mot;

/// <summary>Options of <see cref="MotAccumulator"/>.</summary>
public sealed class MotEvaluatorOptions
{
    /// <summary>The similarity pairs are matched on. Default <see cref="MotSimilarity.BoxIoU"/>.</summary>
    public MotSimilarity Similarity { get; set; } = MotSimilarity.BoxIoU;

    /// <summary>A pair can match only when its similarity is at least this. Default 0.5 (MOTChallenge's IoU threshold). Range (0, 1].</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Similarity))
        {
            throw new ArgumentException($"{nameof(Similarity)} '{Similarity}' is not a MOT similarity.");
        }

        if (!(Threshold > 0 && Threshold <= 1))
        {
            throw new ArgumentException($"{nameof(Threshold)} must be in (0, 1] (got {Threshold}).");
        }
    }
}
