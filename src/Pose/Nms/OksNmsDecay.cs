namespace PoseCluster.Pose.Nms;

/// <summary>The decay function f of parallel OKS-NMS, applied to an OKS value x in [0, 1].</summary>
public enum OksNmsDecay
{
    /// <summary>f(x) = exp(-sigma x^2) (SOLOv2's code; sigma 2 there, i.e. exp(-x^2 / 0.5) in the paper's notation).</summary>
    Gaussian,

    /// <summary>f(x) = 1 - x.</summary>
    Linear,
}
