namespace PoseCluster.Pose.Nms;

/// <summary>Options of pose NMS (<see cref="IPoseNms"/>).</summary>
public sealed class OksNmsOptions
{
    /// <summary>Which NMS runs. Default <see cref="OksNmsMode.Parallel"/> (MobilePoseNet's parallel OKS-NMS).</summary>
    public OksNmsMode Mode { get; set; } = OksNmsMode.Parallel;

    /// <summary>
    /// Classic mode: a pose is dropped when its OKS with a kept, higher-scored pose is at least this. Default 0.9 (the
    /// value of the top-down reference pipelines). Range (0, 1].
    /// </summary>
    public float Threshold { get; set; } = 0.9f;

    /// <summary>Parallel mode: the decay function. Default <see cref="OksNmsDecay.Gaussian"/>.</summary>
    public OksNmsDecay Decay { get; set; } = OksNmsDecay.Gaussian;

    /// <summary>Parallel mode, Gaussian decay: sigma of f(x) = exp(-sigma x^2). Default 2.0 (SOLOv2's code). Positive.</summary>
    public float Sigma { get; set; } = 2.0f;

    /// <summary>
    /// Parallel mode: poses whose decayed score is below this are removed. Default 0.05: Matrix-NMS never removes a
    /// pose by itself, it only lowers scores, so a low floor is what turns a fully decayed duplicate into a removal while
    /// keeping genuinely uncertain people for the tracker (whose low-score stage starts at 0.1). In the pipeline's score
    /// units; 0 keeps every pose.
    /// </summary>
    public float ScoreThreshold { get; set; } = 0.05f;

    /// <summary>
    /// At most this many poses are kept, best first (both modes). Default 100: crowded camera frames hold more people
    /// than COCO's evaluation cap of 20, and the tracker wants them all.
    /// </summary>
    public int MaxPoses { get; set; } = 100;

    /// <summary>
    /// A keypoint of the reference pose takes part in OKS only when its score is above this. Default 0.2 (mmpose's
    /// <c>vis_thr</c> in its top-down configs). Use a negative value to use every keypoint.
    /// </summary>
    public float VisibilityThreshold { get; set; } = 0.2f;

    /// <summary>
    /// Where each pose's area comes from. Default <see cref="OksAreaSource.Box"/>. The OKS of a pair uses the mean of the
    /// two areas (as mmpose's <c>oks_iou</c>), so the distance scale does not depend on which pose is the reference.
    /// </summary>
    public OksAreaSource AreaSource { get; set; } = OksAreaSource.Box;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentException($"{nameof(Mode)} '{Mode}' is not an NMS mode.");
        }

        if (!Enum.IsDefined(Decay))
        {
            throw new ArgumentException($"{nameof(Decay)} '{Decay}' is not a decay function.");
        }

        if (!Enum.IsDefined(AreaSource))
        {
            throw new ArgumentException($"{nameof(AreaSource)} '{AreaSource}' is not an area source.");
        }

        if (!(Threshold > 0f && Threshold <= 1f))
        {
            throw new ArgumentException($"{nameof(Threshold)} must be in (0, 1] (was {Threshold}).");
        }

        if (!(Sigma > 0f) || !float.IsFinite(Sigma))
        {
            throw new ArgumentException($"{nameof(Sigma)} must be positive and finite (was {Sigma}).");
        }

        if (!(ScoreThreshold >= 0f) || !float.IsFinite(ScoreThreshold))
        {
            throw new ArgumentException($"{nameof(ScoreThreshold)} must be non-negative and finite (was {ScoreThreshold}).");
        }

        if (MaxPoses < 1)
        {
            throw new ArgumentException($"{nameof(MaxPoses)} must be at least 1 (was {MaxPoses}).");
        }

        if (!float.IsFinite(VisibilityThreshold))
        {
            throw new ArgumentException($"{nameof(VisibilityThreshold)} must be finite (was {VisibilityThreshold}).");
        }
    }

    /// <summary>A copy of these options.</summary>
    public OksNmsOptions Clone() => (OksNmsOptions)MemberwiseClone();
}
