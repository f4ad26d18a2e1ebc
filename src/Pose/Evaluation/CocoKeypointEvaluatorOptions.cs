namespace PoseCluster.Pose.Evaluation;

/// <summary>Options of <see cref="CocoKeypointEvaluator"/>. The defaults are cocoeval's keypoint parameters.</summary>
public sealed class CocoKeypointEvaluatorOptions
{
    /// <summary>
    /// Detections per image that count, best first (cocoeval's maxDets). Default 20, the COCO keypoint setting. The
    /// summary reports this value (pycocotools' summary hard-codes 20 and shows -1 for any other).
    /// </summary>
    public int MaxDetections { get; set; } = 20;

    /// <summary>
    /// Per-keypoint OKS sigmas, one per keypoint of the dataset. Default null: the COCO-17 sigmas exactly as cocoeval
    /// computes them (<see cref="Nms.ObjectKeypointSimilarity.CocoEvalSigmas"/>).
    /// </summary>
    public IReadOnlyList<double>? Sigmas { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (MaxDetections < 1)
        {
            throw new ArgumentException($"{nameof(MaxDetections)} must be at least 1 (was {MaxDetections}).");
        }

        if (Sigmas is not null)
        {
            if (Sigmas.Count == 0)
            {
                throw new ArgumentException($"{nameof(Sigmas)} must not be empty.");
            }

            foreach (var s in Sigmas)
            {
                if (!(s > 0) || !double.IsFinite(s))
                {
                    throw new ArgumentException($"{nameof(Sigmas)} must be positive and finite (found {s}).");
                }
            }
        }
    }

    /// <summary>A copy of these options.</summary>
    public CocoKeypointEvaluatorOptions Clone() => new() { MaxDetections = MaxDetections, Sigmas = Sigmas?.ToArray() };
}
