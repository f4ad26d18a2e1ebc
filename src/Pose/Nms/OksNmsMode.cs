namespace PoseCluster.Pose.Nms;

/// <summary>Which pose NMS a pipeline runs.</summary>
public enum OksNmsMode
{
    /// <summary>Matrix-NMS style soft suppression (MobilePoseNet): one pass of matrix operations, no sequential loop.</summary>
    Parallel,

    /// <summary>Greedy OKS-NMS: keep the best, drop every pose whose OKS with it reaches the threshold, repeat.</summary>
    Classic,

    /// <summary>No suppression: the frame is left untouched.</summary>
    None,
}
