using PoseCluster.ModelTools.Quantization;

namespace PoseCluster.ModelTools.Catalog;

/// <summary>Options of <see cref="ICatalogModelCompressor"/>: what to make of a catalog model and from which frames.</summary>
public sealed class DerivedModelOptions
{
    /// <summary>Folder of calibration images/videos (int8 only; required there). Must not be the evaluation set.</summary>
    public string? CalibrationDirectory { get; set; }

    /// <summary>Calibration samples (frames, or person crops for top-down models). Default 64.</summary>
    public int Frames { get; set; } = 64;

    /// <summary>Extra held-out samples, never used for calibration, on which methods are scored and the result verified. Default 16.</summary>
    public int ValidationFrames { get; set; } = 16;

    /// <summary>Person detector used to crop calibration frames for top-down models. Default <c>yolox-nano-416</c> (float32).</summary>
    public string CropDetector { get; set; } = "yolox-nano-416";

    /// <summary>Quantisation options (method, activation encoding, float heads).</summary>
    public QuantizationOptions Quantization { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate(bool int8)
    {
        if (int8 && string.IsNullOrWhiteSpace(CalibrationDirectory))
        {
            throw new ArgumentException("int8 quantisation needs --calibration DIR: a folder of images or videos that is not the evaluation set.");
        }

        if (Frames is < 1 or > 10000)
        {
            throw new ArgumentException($"{nameof(Frames)} must be between 1 and 10000 (was {Frames}).");
        }

        if (ValidationFrames is < 1 or > 1000)
        {
            throw new ArgumentException($"{nameof(ValidationFrames)} must be between 1 and 1000 (was {ValidationFrames}).");
        }

        Quantization.Validate();
    }
}
