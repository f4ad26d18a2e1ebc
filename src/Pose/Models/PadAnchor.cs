namespace PoseCluster.Pose.Models;

/// <summary>Where a letterboxed image sits inside the model input.</summary>
public enum PadAnchor
{
    /// <summary>At the top-left corner; padding on the right and bottom (YOLOX convention).</summary>
    TopLeft,
    /// <summary>Centred; padding split between both sides.</summary>
    Centre,
}
