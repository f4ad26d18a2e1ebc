namespace PoseCluster.Pose.Imaging;

/// <summary>What bilinear sampling reads outside the source image.</summary>
public enum BorderMode
{
    /// <summary>The nearest edge pixel (what a resize does).</summary>
    Replicate,
    /// <summary>The pad value (what an affine crop does).</summary>
    Constant,
}
