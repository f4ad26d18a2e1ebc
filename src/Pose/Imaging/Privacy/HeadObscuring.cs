namespace PoseCluster.Pose.Imaging.Privacy;

/// <summary>How <see cref="HeadBlur"/> hides a head.</summary>
public enum HeadObscuring
{
    /// <summary>Replace the region by coarse blocks of its mean colour.</summary>
    Pixelate,

    /// <summary>Separable box blur (two passes of a running mean).</summary>
    BoxBlur,
}
