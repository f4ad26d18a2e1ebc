using PoseCluster.Pose.Models;

namespace PoseCluster.Pose.Imaging;

/// <summary>
/// How an image becomes a model input of <see cref="Width"/> x <see cref="Height"/>: per-axis maps (axis-aligned; no
/// rotation is ever needed here), the input rectangle that holds image content (the rest is padding), the border mode,
/// and whether pixel centres are shifted by half a pixel (resize semantics) or not (affine-warp semantics).
/// </summary>
public readonly record struct SamplingPlan
{
    /// <summary>Input width.</summary>
    public required int Width { get; init; }

    /// <summary>Input height.</summary>
    public required int Height { get; init; }

    /// <summary>Image-to-input map of x.</summary>
    public required AxisMap X { get; init; }

    /// <summary>Image-to-input map of y.</summary>
    public required AxisMap Y { get; init; }

    /// <summary>First input column holding content (letterbox); 0 for crops.</summary>
    public int ContentX0 { get; init; }

    /// <summary>One past the last input column holding content.</summary>
    public int ContentX1 { get; init; }

    /// <summary>First input row holding content.</summary>
    public int ContentY0 { get; init; }

    /// <summary>One past the last input row holding content.</summary>
    public int ContentY1 { get; init; }

    /// <summary>What bilinear sampling reads outside the image.</summary>
    public BorderMode Border { get; init; }

    /// <summary>True for resize semantics (pixel centres at +0.5); false for affine-warp semantics.</summary>
    public bool HalfPixelCentres { get; init; }

    /// <summary>
    /// Letterbox: scale to fit keeping the aspect ratio (content size truncated to whole pixels, as
    /// <c>int(w * r)</c>), placed top-left or centred, padding elsewhere; resize semantics inside the content.
    /// </summary>
    public static SamplingPlan Letterbox(int imageWidth, int imageHeight, int inputWidth, int inputHeight, PadAnchor anchor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageHeight);
        var r = Math.Min((double)inputWidth / imageWidth, (double)inputHeight / imageHeight);
        var contentW = Math.Clamp((int)(imageWidth * r), 1, inputWidth);
        var contentH = Math.Clamp((int)(imageHeight * r), 1, inputHeight);
        var (padX, padY) = anchor == PadAnchor.Centre ? ((inputWidth - contentW) / 2, (inputHeight - contentH) / 2) : (0, 0);

        // Sampling uses the exact content/source ratio (like a resize to contentW x contentH); decoding maps back by
        // the same ratio, so coordinates round-trip.
        return new SamplingPlan
        {
            Width = inputWidth,
            Height = inputHeight,
            X = new AxisMap((double)contentW / imageWidth, padX),
            Y = new AxisMap((double)contentH / imageHeight, padY),
            ContentX0 = padX,
            ContentX1 = padX + contentW,
            ContentY0 = padY,
            ContentY1 = padY + contentH,
            Border = BorderMode.Replicate,
            HalfPixelCentres = true,
        };
    }

    /// <summary>Stretch: each axis scaled independently to the input size (resize semantics).</summary>
    public static SamplingPlan Stretch(int imageWidth, int imageHeight, int inputWidth, int inputHeight) => new()
    {
        Width = inputWidth,
        Height = inputHeight,
        X = new AxisMap((double)inputWidth / imageWidth, 0),
        Y = new AxisMap((double)inputHeight / imageHeight, 0),
        ContentX0 = 0,
        ContentX1 = inputWidth,
        ContentY0 = 0,
        ContentY1 = inputHeight,
        Border = BorderMode.Replicate,
        HalfPixelCentres = true,
    };

    /// <summary>
    /// An axis-aligned affine crop: the region centred on (<paramref name="centerX"/>, <paramref name="centerY"/>) of
    /// size <paramref name="regionWidth"/> maps onto the whole input (scale = input width / region width on both axes,
    /// centre to centre), outside the image reads the pad value — the HRNet/SimpleBaseline crop convention.
    /// </summary>
    public static SamplingPlan Crop(float centerX, float centerY, float regionWidth, int inputWidth, int inputHeight)
    {
        var scale = inputWidth / (double)regionWidth;
        return new SamplingPlan
        {
            Width = inputWidth,
            Height = inputHeight,
            X = new AxisMap(scale, inputWidth * 0.5 - centerX * scale),
            Y = new AxisMap(scale, inputHeight * 0.5 - centerY * scale),
            ContentX0 = 0,
            ContentX1 = inputWidth,
            ContentY0 = 0,
            ContentY1 = inputHeight,
            Border = BorderMode.Constant,
            HalfPixelCentres = false,
        };
    }
}
