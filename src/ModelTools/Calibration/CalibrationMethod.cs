namespace PoseCluster.ModelTools.Calibration;

/// <summary>How an activation's quantisation range is chosen from calibration statistics.</summary>
public enum CalibrationMethod
{
    /// <summary>The full observed range: no clipping, coarsest steps.</summary>
    MinMax,

    /// <summary>Clip magnitudes at a percentile (default 99.99) of the observed |x|.</summary>
    Percentile,

    /// <summary>Clip at the threshold minimising the KL divergence between the float and quantised histograms.</summary>
    Entropy,

    /// <summary>Per tensor, the clipping threshold with the smallest expected squared error (clipping + rounding).</summary>
    Mse,

    /// <summary>Try each method and keep the one whose quantised model scores best (pipeline AP or output SQNR).</summary>
    Auto,
}
