namespace PoseCluster.Pose.Models;

/// <summary>Whether the model's batch dimension is used as exported or made dynamic at load.</summary>
public enum BatchMode
{
    /// <summary>The exported batch size (usually 1).</summary>
    Fixed,
    /// <summary>
    /// The batch dimension of the input and outputs is rewritten to a symbolic one when the model is loaded, so several
    /// crops run in one call. Only for graphs without batch-dependent reshapes (fully convolutional heads).
    /// </summary>
    Dynamic,
}
