namespace PoseCluster.Pose.Imaging.Privacy;

/// <summary>Options of <see cref="HeadBlur"/>.</summary>
public sealed class HeadBlurOptions
{
    /// <summary>How heads are hidden. Default <see cref="HeadObscuring.Pixelate"/> (irreversible and cheap).</summary>
    public HeadObscuring Mode { get; set; } = HeadObscuring.Pixelate;

    /// <summary>Head keypoints (nose, eyes, ears) scored above this place the head. Default 0.2 (low: a missed face is worse than an extra blur).</summary>
    public float MinimumKeypointScore { get; set; } = 0.2f;

    /// <summary>The region's half-size over the head's estimated radius. Default 1.6 (hair, chin and keypoint error).</summary>
    public float Padding { get; set; } = 1.6f;

    /// <summary>Blocks across the head region when pixelating, or the blur radius as a fraction of the region (1 / this). Default 6.</summary>
    public int Coarseness { get; set; } = 6;

    /// <summary>Without head keypoints, hide the top of the person's box instead (a sixth of its height). Default true.</summary>
    public bool FallBackToBoxTop { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentException($"{nameof(Mode)} '{Mode}' is not a head obscuring mode.");
        }

        if (!(Padding >= 1f) || !float.IsFinite(Padding))
        {
            throw new ArgumentException($"{nameof(Padding)} must be at least 1 (got {Padding}).");
        }

        if (Coarseness < 2)
        {
            throw new ArgumentException($"{nameof(Coarseness)} must be at least 2 (got {Coarseness}).");
        }
    }
}
