namespace PoseCluster.Pose.Models;

/// <summary>Colour channel order a model expects.</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue.</summary>
    Rgb,
    /// <summary>Blue, green, red (OpenCV/Caffe convention).</summary>
    Bgr,
}
