using PoseCluster.ModelTools.Calibration;

namespace PoseCluster.ModelTools.Quantization;

/// <summary>Options of static int8 quantisation.</summary>
public sealed class QuantizationOptions
{
    /// <summary>Range method. Default <see cref="CalibrationMethod.Auto"/>: every method is tried and scored.</summary>
    public CalibrationMethod Method { get; set; } = CalibrationMethod.Auto;

    /// <summary>Activation encoding. Default <see cref="ActivationQuantization.UInt8Asymmetric"/> (measured fastest here, see docs/performance.md).</summary>
    public ActivationQuantization Activations { get; set; } = ActivationQuantization.UInt8Asymmetric;

    /// <summary>Percentile of |x| kept by <see cref="CalibrationMethod.Percentile"/>. Default 99.99.</summary>
    public double Percentile { get; set; } = 99.99;

    /// <summary>Histogram bins per tensor. Default 2048.</summary>
    public int HistogramBins { get; set; } = 2048;

    /// <summary>
    /// How many weighted layers before each output stay float, with everything after them. Default 1: the final
    /// heatmap/PAF/regression convolutions and their Sigmoid/Softmax/ArgMax tails lose the most from 8 bits and cost
    /// little; 0 quantises the heads too; 2 or more also keeps the layers feeding the heads (more accuracy, less speed).
    /// </summary>
    public int FloatHeadDepth { get; set; } = 1;

    /// <summary>Node names (or first output names) to keep in float in addition to the heads. Default none.</summary>
    public IList<string> ExcludedNodes { get; } = [];

    /// <summary>Intra-op threads for calibration and scoring sessions. Default 0 = ONNX Runtime's choice.</summary>
    public int Threads { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentException($"{nameof(Method)} '{Method}' is not a calibration method.");
        }

        if (!Enum.IsDefined(Activations))
        {
            throw new ArgumentException($"{nameof(Activations)} '{Activations}' is not an activation encoding.");
        }

        if (Percentile is <= 50 or > 100)
        {
            throw new ArgumentException($"{nameof(Percentile)} must be in (50, 100] (was {Percentile}).");
        }

        if (HistogramBins is < 256 or > 65536)
        {
            throw new ArgumentException($"{nameof(HistogramBins)} must be between 256 and 65536 (was {HistogramBins}).");
        }

        if (FloatHeadDepth is < 0 or > 64)
        {
            throw new ArgumentException($"{nameof(FloatHeadDepth)} must be between 0 and 64 (was {FloatHeadDepth}).");
        }

        if (Threads is < 0 or > 256)
        {
            throw new ArgumentException($"{nameof(Threads)} must be between 0 and 256 (was {Threads}).");
        }
    }
}
