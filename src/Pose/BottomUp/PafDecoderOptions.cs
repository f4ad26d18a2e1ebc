using System.Globalization;
using PoseCluster.Pose.Models;

namespace PoseCluster.Pose.BottomUp;

/// <summary>
/// Constants of PAF decoding, read from an <c>openpose-paf</c> catalog entry's <c>decode</c> section (defaults are the
/// Lightweight OpenPose demo's): map stride, upsampling, limb table, keypoint mapping to COCO-17, thresholds.
/// </summary>
public sealed record PafDecoderOptions
{
    /// <summary>Output channel name; null = the model's first output.</summary>
    public string? Output { get; init; }

    /// <summary>Input pixels per map cell (<c>stride</c>, default 8).</summary>
    public int Stride { get; init; } = 8;

    /// <summary>
    /// Upsampling factor of the maps before peak finding and PAF scoring (<c>upsample</c>, default 4 as the demo);
    /// 0 means full input resolution (factor = stride).
    /// </summary>
    public int Upsample { get; init; } = 4;

    /// <summary>Heatmap upsampling (<c>heatmapInterpolation</c>: <c>cubic</c> as the demo's cv2.resize, or <c>linear</c>).</summary>
    public MapInterpolation HeatmapInterpolation { get; init; } = MapInterpolation.Cubic;

    /// <summary>
    /// PAF sampling (<c>pafInterpolation</c>): the field is read at each sample pixel with the kernel of this
    /// interpolation, which equals reading a fully upsampled field there. Default <c>cubic</c>, as the demo upsamples the
    /// fields; <c>linear</c> reads a quarter of the values and gives the same poses on the evaluation set, with limb
    /// scores (and so person scores) a few percent different.
    /// </summary>
    public MapInterpolation PafInterpolation { get; init; } = MapInterpolation.Cubic;

    /// <summary>Keypoint types of the model, heatmap channels 0..n-1 (<c>keypoints</c>, default 18).</summary>
    public int Keypoints { get; init; } = 18;

    /// <summary>The limbs in processing order (<c>limbs</c>: rows [A, B, channelX, channelY]).</summary>
    public IReadOnlyList<PafLimb> Limbs { get; init; } = [];

    /// <summary>For each COCO-17 keypoint, the model keypoint type it is (<c>cocoFromKeypoints</c>).</summary>
    public IReadOnlyList<int> CocoFromKeypoints { get; init; } = [];

    /// <summary>Heatmap values below this are zeroed before peak finding (<c>peakThreshold</c>, default 0.1).</summary>
    public float PeakThreshold { get; init; } = 0.1f;

    /// <summary>Peaks closer than this (upsampled pixels) to a kept one are dropped (<c>minPeakDistance</c>, default 6).</summary>
    public float MinPeakDistance { get; init; } = 6f;

    /// <summary>Samples along a candidate limb (<c>pafSamples</c>, default 10).</summary>
    public int PafSamples { get; init; } = 10;

    /// <summary>A sample passes when its field projection exceeds this (<c>pafScoreThreshold</c>, default 0.05).</summary>
    public float PafScoreThreshold { get; init; } = 0.05f;

    /// <summary>A limb is accepted when more than this fraction of samples pass (<c>pafSuccessRatio</c>, default 0.8).</summary>
    public double PafSuccessRatio { get; init; } = 0.8;

    /// <summary>
    /// Whether a limb longer than half the (upsampled) map height is penalised by <c>min(0.5 h / |B - A| - 1, 0)</c>
    /// (<c>distancePrior</c>, default true as the paper-era Lightweight OpenPose grouping).
    /// </summary>
    public bool DistancePrior { get; init; } = true;

    /// <summary>The last this many limbs only fill missing ends of existing poses (<c>fillLimbs</c>, default 2).</summary>
    public int FillLimbs { get; init; } = 2;

    /// <summary>Poses with fewer keypoints are dropped (<c>minKeypoints</c>, default 3).</summary>
    public int MinKeypoints { get; init; } = 3;

    /// <summary>Poses whose total score per keypoint is lower are dropped (<c>minMeanScore</c>, default 0.2).</summary>
    public double MinMeanScore { get; init; } = 0.2;

    /// <summary>
    /// Added to every decoded coordinate in image pixels (<c>coordinateOffset</c>, default 0 as the demo; the
    /// Lightweight OpenPose validation script adds 0.5).
    /// </summary>
    public float CoordinateOffset { get; init; }

    /// <summary>The effective upsampling factor.</summary>
    public int Factor => Upsample <= 0 ? Stride : Upsample;

    /// <summary>Reads the options of a catalog entry's decode section.</summary>
    public static PafDecoderOptions FromCatalog(DecodeParameters decode)
    {
        var limbs = decode.IntegerRows("limbs", []);
        var options = new PafDecoderOptions
        {
            Output = decode.Contains("output") ? decode.Text("output", string.Empty) : null,
            Stride = decode.Integer("stride", 8),
            Upsample = decode.Integer("upsample", 4),
            HeatmapInterpolation = ParseInterpolation(decode.Text("heatmapInterpolation", "cubic")),
            PafInterpolation = ParseInterpolation(decode.Text("pafInterpolation", "cubic")),
            Keypoints = decode.Integer("keypoints", 18),
            Limbs = limbs.Select(ToLimb).ToArray(),
            CocoFromKeypoints = decode.Integers("cocoFromKeypoints", []),
            PeakThreshold = (float)decode.Number("peakThreshold", 0.1),
            MinPeakDistance = (float)decode.Number("minPeakDistance", 6),
            PafSamples = decode.Integer("pafSamples", 10),
            PafScoreThreshold = (float)decode.Number("pafScoreThreshold", 0.05),
            PafSuccessRatio = decode.Number("pafSuccessRatio", 0.8),
            DistancePrior = decode.Flag("distancePrior", true),
            FillLimbs = decode.Integer("fillLimbs", 2),
            MinKeypoints = decode.Integer("minKeypoints", 3),
            MinMeanScore = decode.Number("minMeanScore", 0.2),
            CoordinateOffset = (float)decode.Number("coordinateOffset", 0),
        };
        options.Validate();
        return options;
    }

    /// <summary>Throws <see cref="ModelCatalogException"/> naming the first inconsistent constant.</summary>
    public void Validate()
    {
        string? error = null;
        if (Stride < 1 || Upsample < 0 || Factor > 16)
        {
            error = $"stride {Stride} / upsample {Upsample} are invalid (factor 1..16, upsample 0 = full resolution)";
        }
        else if (Keypoints < 1 || Limbs.Count == 0)
        {
            error = "keypoints and limbs are required";
        }
        else if (Limbs.Any(l => l.A < 0 || l.A >= Keypoints || l.B < 0 || l.B >= Keypoints || l.ChannelX < 0 || l.ChannelY < 0))
        {
            error = "a limb names a keypoint type or channel out of range";
        }
        else if (CocoFromKeypoints.Count != CocoKeypoints.Count || CocoFromKeypoints.Any(k => k < 0 || k >= Keypoints))
        {
            error = $"cocoFromKeypoints needs {CocoKeypoints.Count} model keypoint types";
        }
        else if (PafSamples < 2 || FillLimbs < 0 || FillLimbs >= Limbs.Count)
        {
            error = "pafSamples must be >= 2 and fillLimbs smaller than the limb count";
        }

        if (error is not null)
        {
            throw new ModelCatalogException(string.Create(CultureInfo.InvariantCulture, $"PAF decode parameters: {error}."));
        }
    }

    private static PafLimb ToLimb(int[] row) =>
        row.Length == 4
            ? new PafLimb(row[0], row[1], row[2], row[3])
            : throw new ModelCatalogException("PAF decode parameters: each limb is [A, B, channelX, channelY].");

    private static MapInterpolation ParseInterpolation(string text) => text.ToLowerInvariant() switch
    {
        "cubic" => MapInterpolation.Cubic,
        "linear" => MapInterpolation.Linear,
        _ => throw new ModelCatalogException($"PAF decode parameters: interpolation '{text}' is not 'cubic' or 'linear'."),
    };
}
