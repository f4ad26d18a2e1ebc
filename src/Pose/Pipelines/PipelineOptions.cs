using PoseCluster.Pose.Models;
using PoseCluster.Pose.TopDown;

namespace PoseCluster.Pose.Pipelines;

/// <summary>Options of a pose pipeline. Model ids default per pipeline (see <see cref="PosePipelineFactory"/>).</summary>
public sealed class PipelineOptions
{
    /// <summary>Pipeline name. Default <c>topdown</c>.</summary>
    public string Pipeline { get; set; } = "topdown";

    /// <summary>Person detector model id for top-down pipelines. Default null = the pipeline's default (yolox-nano-416).</summary>
    public string? DetectorModel { get; set; }

    /// <summary>Pose model id. Default null = the pipeline's default.</summary>
    public string? PoseModel { get; set; }

    /// <summary>
    /// Precision of the pipeline's models. Default <see cref="ModelPrecision.Fp32"/>; <see cref="ModelPrecision.Int8"/>
    /// (the usual choice for CPU NUC silos) and <see cref="ModelPrecision.Fp16"/> (GPU nodes) use the catalog variants
    /// <c>ID-int8</c>/<c>ID-fp16</c>, which <c>posecluster models quantize</c> creates.
    /// </summary>
    public ModelPrecision Precision { get; set; } = ModelPrecision.Fp32;

    /// <summary>Heatmap decoding of heatmap-family models. Default DARK.</summary>
    public HeatmapDecoding Decoding { get; set; } = HeatmapDecoding.Dark;

    /// <summary>
    /// DARK keeps the argmax when its Taylor step is not a maximum step or leaves the heatmap cell. Default true;
    /// false reproduces the reference DARK code (which lets weak, flat heatmaps throw keypoints far away).
    /// </summary>
    public bool DarkGuard { get; set; } = true;

    /// <summary>Detector score threshold; null = the catalog's value.</summary>
    public float? DetectionThreshold { get; set; }

    /// <summary>Most crops per inference call for batch-capable top-down models. Default 16.</summary>
    public int MaxCropBatch { get; set; } = 16;

    /// <summary>Most persons a frame reports (highest scores kept). Default 100.</summary>
    public int MaxPersons { get; set; } = 100;

    /// <summary>Smallest accepted image side in pixels. Default 16.</summary>
    public int MinImageSize { get; set; } = 16;

    /// <summary>Pose non-maximum suppression (top-down pipelines and bottom-up ones that produce duplicates).</summary>
    public Nms.OksNmsOptions Nms { get; set; } = new();

    /// <summary>
    /// Catalog decode-parameter overrides applied to the pose model (e.g. <c>upsample=8</c> for bottom-up PAF),
    /// so experiments need no catalog edit.
    /// </summary>
    public Dictionary<string, string> DecodeOverrides { get; } = new(StringComparer.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Pipeline))
        {
            throw new ArgumentException($"{nameof(Pipeline)} is required.");
        }

        if (MaxCropBatch is < 1 or > 256)
        {
            throw new ArgumentException($"{nameof(MaxCropBatch)} must be between 1 and 256 (was {MaxCropBatch}).");
        }

        if (MaxPersons is < 1 or > 1000)
        {
            throw new ArgumentException($"{nameof(MaxPersons)} must be between 1 and 1000 (was {MaxPersons}).");
        }

        if (MinImageSize < 1)
        {
            throw new ArgumentException($"{nameof(MinImageSize)} must be positive (was {MinImageSize}).");
        }

        if (DetectionThreshold is < 0f or > 1f)
        {
            throw new ArgumentException($"{nameof(DetectionThreshold)} must be between 0 and 1 (was {DetectionThreshold}).");
        }

        if (!Enum.IsDefined(Precision))
        {
            throw new ArgumentException($"{nameof(Precision)} '{Precision}' is not one of fp32, int8, fp16.");
        }

        Nms.Validate();
    }
}
