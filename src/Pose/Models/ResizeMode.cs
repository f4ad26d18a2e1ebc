namespace PoseCluster.Pose.Models;

/// <summary>How a frame (or a person box) becomes the model input.</summary>
public enum ResizeMode
{
    /// <summary>Keep the aspect ratio, scale to fit, pad the rest with the pad value.</summary>
    Letterbox,
    /// <summary>Scale each axis independently to the input size.</summary>
    Stretch,
    /// <summary>Affine warp of a region (a person box expanded to the input aspect) into the input (top-down models).</summary>
    AffineCrop,
}
