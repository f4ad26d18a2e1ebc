using PoseCluster.Pose.Onnx;

namespace PoseCluster.Pose.Models;

/// <summary>
/// How pixels become a model's input tensor: name, layout, type, size, channel order, normalisation
/// (<c>(pixel - mean[c]) / std[c]</c> in 0..255 pixel units), resize mode and padding.
/// </summary>
public sealed record InputContract
{
    /// <summary>Input tensor name.</summary>
    public required string Name { get; init; }

    /// <summary>Tensor layout.</summary>
    public TensorLayout Layout { get; init; } = TensorLayout.Nchw;

    /// <summary>Element type (float32 or int32).</summary>
    public TensorElementType ElementType { get; init; } = TensorElementType.Float;

    /// <summary>Input width in pixels.</summary>
    public required int Width { get; init; }

    /// <summary>Input height in pixels.</summary>
    public required int Height { get; init; }

    /// <summary>Channel order.</summary>
    public ChannelOrder ChannelOrder { get; init; } = ChannelOrder.Rgb;

    /// <summary>Per-channel mean in pixel units (in the model's channel order).</summary>
    public IReadOnlyList<float> Mean { get; init; } = [0f, 0f, 0f];

    /// <summary>Per-channel standard deviation in pixel units (in the model's channel order).</summary>
    public IReadOnlyList<float> Std { get; init; } = [1f, 1f, 1f];

    /// <summary>Resize mode.</summary>
    public ResizeMode Resize { get; init; } = ResizeMode.Letterbox;

    /// <summary>Letterbox placement.</summary>
    public PadAnchor Anchor { get; init; } = PadAnchor.TopLeft;

    /// <summary>Pixel value (0..255, before normalisation) of padding and of crop regions outside the image.</summary>
    public float PadValue { get; init; }

    /// <summary>Batch handling.</summary>
    public BatchMode Batch { get; init; } = BatchMode.Fixed;

    /// <summary>
    /// A constraint on dynamic input sizes, e.g. <c>16k+1</c> for PoseNet-style models; null when the size is fixed.
    /// </summary>
    public string? SizeRule { get; init; }
}
