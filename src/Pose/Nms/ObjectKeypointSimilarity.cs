using PoseCluster.Pose.Evaluation;

namespace PoseCluster.Pose.Nms;

/// <summary>
/// Object keypoint similarity (OKS), the keypoint analogue of box IoU: the mean, over the keypoints visible in the
/// reference, of exp(-e_i) with e_i = d_i^2 / (2 s^2 k_i^2), s^2 the object area and k_i = 2 sigma_i. Written, as
/// pycocotools' cocoeval does, as e_i = (dx^2 + dy^2) / (2 sigma_i)^2 / (area + eps) / 2.
/// </summary>
public static class ObjectKeypointSimilarity
{
    /// <summary>np.spacing(1): the area guard cocoeval adds so that a zero area does not divide by zero.</summary>
    public const double AreaEpsilon = NumpyArithmetic.Spacing1;

    // cocoeval builds its sigmas as np.array([.26, ...]) / 10.0; those doubles differ from the literals 0.026 etc. in
    // the last bit for some keypoints, and bit-exact OKS is what makes threshold ties match the reference.
    private static readonly double[] CocoEvalSigmaValues =
    [
        .26 / 10.0, .25 / 10.0, .25 / 10.0, .35 / 10.0, .35 / 10.0, .79 / 10.0, .79 / 10.0, .72 / 10.0, .72 / 10.0,
        .62 / 10.0, .62 / 10.0, 1.07 / 10.0, 1.07 / 10.0, .87 / 10.0, .87 / 10.0, .89 / 10.0, .89 / 10.0,
    ];

    // 1 / (2 (2 sigma_i)^2) per COCO keypoint, so that pose-vs-pose OKS costs one multiply per keypoint.
    private static readonly float[] HalfInverseVariances = BuildHalfInverseVariances();

    /// <summary>The COCO keypoint sigmas exactly as cocoeval computes them (doubles, COCO-17 order).</summary>
    public static ReadOnlySpan<double> CocoEvalSigmas => CocoEvalSigmaValues;

    /// <summary>Per-keypoint 1 / (2 (2 sigma)^2) in float, COCO-17 order (the factor pose NMS multiplies d^2 / area by).</summary>
    internal static ReadOnlySpan<float> HalfInverseVariance => HalfInverseVariances;

    /// <summary>
    /// OKS of <paramref name="other"/> against <paramref name="reference"/>, for pose NMS. Only keypoints of the
    /// reference whose score is above <paramref name="visibilityThreshold"/> count (the reference plays the role of the
    /// ground truth in cocoeval); every keypoint of <paramref name="other"/> is used at the reference's positions. A
    /// reference with no such keypoint gives 0: it carries no evidence of overlap and suppresses nothing.
    /// </summary>
    /// <remarks>
    /// The widely copied <c>oks_iou</c> helper (mmpose, HRNet and their descendants) builds its mask as
    /// <c>list(vg &gt; vis_thr) and list(vd &gt; vis_thr)</c>; Python's <c>and</c> on two non-empty lists returns the
    /// second list, so it silently masks by the <em>detection's</em> scores only and the reference's visibility is
    /// ignored. Here the mask is the reference's, as intended.
    /// </remarks>
    /// <param name="reference">The pose that would suppress (in NMS the higher-scored one).</param>
    /// <param name="other">The pose compared against it.</param>
    /// <param name="area">Object area s^2 in square pixels (pose NMS passes the mean of the two poses' areas).</param>
    /// <param name="visibilityThreshold">Minimum reference keypoint score (exclusive).</param>
    /// <returns>OKS in [0, 1].</returns>
    public static float BetweenPoses(in KeypointSet reference, in KeypointSet other, float area, float visibilityThreshold)
    {
        ReadOnlySpan<Keypoint> r = reference;
        ReadOnlySpan<Keypoint> o = other;
        var factors = HalfInverseVariance;
        var inverseArea = 1f / (area + (float)AreaEpsilon);
        var sum = 0f;
        var visible = 0;
        for (var k = 0; k < CocoKeypoints.Count; k++)
        {
            if (!(r[k].Score > visibilityThreshold))
            {
                continue;
            }

            // Same operation order as the vectorised matrix in ParallelOksNms, so both give identical values.
            var dx = o[k].X - r[k].X;
            var dy = o[k].Y - r[k].Y;
            var d2 = (dy * dy) + (dx * dx);
            sum += MathF.Exp(d2 * inverseArea * -factors[k]);
            visible++;
        }

        return visible == 0 ? 0f : sum / visible;
    }

    /// <summary>
    /// The object area pose NMS uses for <paramref name="pose"/>: its box area, or the area of the tight box around the
    /// keypoints scored above <paramref name="visibilityThreshold"/> (for <see cref="OksAreaSource.Box"/> when the box
    /// is empty, and always for <see cref="OksAreaSource.KeypointExtent"/>).
    /// </summary>
    public static float PoseArea(in PersonPose pose, OksAreaSource source, float visibilityThreshold)
    {
        if (source == OksAreaSource.Box)
        {
            var boxArea = pose.Box.Area;
            if (boxArea > 0f)
            {
                return boxArea;
            }
        }

        ReadOnlySpan<Keypoint> keypoints = pose.Keypoints;
        return BoundingBox.Around(keypoints, visibilityThreshold).Area;
    }

    /// <summary>
    /// OKS of a detection against a ground truth, exactly as pycocotools' <c>COCOeval.computeOks</c> (double precision,
    /// same operation order, numpy's pairwise summation) with cocoeval's COCO sigmas.
    /// </summary>
    /// <param name="groundTruth">Ground-truth keypoints as COCO triples x, y, v (v &gt; 0 = labelled).</param>
    /// <param name="groundTruthBox">Ground-truth box as COCO [x, y, width, height].</param>
    /// <param name="groundTruthArea">Ground-truth area (the annotation's <c>area</c>).</param>
    /// <param name="detection">Detected keypoints as triples x, y, score (the score is not used).</param>
    public static double GroundTruthToDetection(
        ReadOnlySpan<double> groundTruth, ReadOnlySpan<double> groundTruthBox, double groundTruthArea, ReadOnlySpan<double> detection) =>
        GroundTruthToDetection(groundTruth, groundTruthBox, groundTruthArea, detection, CocoEvalSigmas);

    /// <summary>
    /// OKS of a detection against a ground truth with the given per-keypoint <paramref name="sigmas"/>, exactly as
    /// pycocotools' <c>COCOeval.computeOks</c>. When the ground truth has no labelled keypoint (v &gt; 0) cocoeval
    /// measures, per keypoint, the distance from the detection to the ground-truth box enlarged by its own size on every
    /// side ([x - w, x + 2w] x [y - h, y + 2h]) and averages over all keypoints; that branch is reproduced too.
    /// </summary>
    /// <param name="groundTruth">Ground-truth keypoints as COCO triples x, y, v.</param>
    /// <param name="groundTruthBox">Ground-truth box as COCO [x, y, width, height].</param>
    /// <param name="groundTruthArea">Ground-truth area.</param>
    /// <param name="detection">Detected keypoints as triples x, y, score.</param>
    /// <param name="sigmas">Per-keypoint sigmas (one per triple).</param>
    public static double GroundTruthToDetection(
        ReadOnlySpan<double> groundTruth,
        ReadOnlySpan<double> groundTruthBox,
        double groundTruthArea,
        ReadOnlySpan<double> detection,
        ReadOnlySpan<double> sigmas)
    {
        var k = sigmas.Length;
        if (groundTruth.Length != 3 * k || detection.Length != 3 * k)
        {
            throw new ArgumentException(
                $"Keypoint arrays must hold {k} triples (ground truth {groundTruth.Length} values, detection {detection.Length}).");
        }

        if (groundTruthBox.Length < 4)
        {
            throw new ArgumentException("The ground-truth box must be [x, y, width, height].", nameof(groundTruthBox));
        }

        var labelled = 0;
        for (var i = 0; i < k; i++)
        {
            if (groundTruth[(3 * i) + 2] > 0)
            {
                labelled++;
            }
        }

        var x0 = groundTruthBox[0] - groundTruthBox[2];
        var x1 = groundTruthBox[0] + (groundTruthBox[2] * 2);
        var y0 = groundTruthBox[1] - groundTruthBox[3];
        var y1 = groundTruthBox[1] + (groundTruthBox[3] * 2);
        var areaGuarded = groundTruthArea + AreaEpsilon;

        Span<double> terms = k <= 64 ? stackalloc double[k] : new double[k];
        var count = 0;
        for (var i = 0; i < k; i++)
        {
            double dx, dy;
            var xd = detection[3 * i];
            var yd = detection[(3 * i) + 1];
            if (labelled > 0)
            {
                if (!(groundTruth[(3 * i) + 2] > 0))
                {
                    continue;
                }

                dx = xd - groundTruth[3 * i];
                dy = yd - groundTruth[(3 * i) + 1];
            }
            else
            {
                dx = Math.Max(0.0, x0 - xd) + Math.Max(0.0, xd - x1);
                dy = Math.Max(0.0, y0 - yd) + Math.Max(0.0, yd - y1);
            }

            var variance = (sigmas[i] * 2) * (sigmas[i] * 2);
            var e = ((dx * dx) + (dy * dy)) / variance / areaGuarded / 2;
            terms[count++] = Math.Exp(-e);
        }

        return NumpyArithmetic.Sum(terms[..count]) / count;
    }

    private static float[] BuildHalfInverseVariances()
    {
        var sigmas = CocoKeypoints.Sigmas;
        var factors = new float[sigmas.Length];
        for (var i = 0; i < sigmas.Length; i++)
        {
            var k = 2f * sigmas[i];
            factors[i] = 1f / (2f * k * k);
        }

        return factors;
    }
}
