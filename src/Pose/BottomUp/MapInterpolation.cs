namespace PoseCluster.Pose.BottomUp;

/// <summary>How a low-resolution network map is upsampled (OpenCV <c>resize</c> semantics: half-pixel centres, edge replicate).</summary>
public enum MapInterpolation
{
    /// <summary>Bilinear (<c>INTER_LINEAR</c>).</summary>
    Linear,
    /// <summary>Bicubic with a = -0.75 (<c>INTER_CUBIC</c>), what the Lightweight OpenPose demo uses.</summary>
    Cubic,
}
