namespace PoseCluster.Pose.Models;

/// <summary>Memory layout of an image tensor.</summary>
public enum TensorLayout
{
    /// <summary>Batch, channel, height, width (planar).</summary>
    Nchw,
    /// <summary>Batch, height, width, channel (interleaved).</summary>
    Nhwc,
}
