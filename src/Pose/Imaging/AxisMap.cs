namespace PoseCluster.Pose.Imaging;

/// <summary>
/// A one-dimensional affine map between image and model-input coordinates: <c>input = image * Scale + Offset</c>.
/// Pre-processing and decoding use the same map, so a keypoint found in the input maps back exactly.
/// </summary>
/// <param name="Scale">Input pixels per image pixel.</param>
/// <param name="Offset">Input coordinate of image coordinate 0.</param>
public readonly record struct AxisMap(double Scale, double Offset)
{
    /// <summary>Image coordinate of an input coordinate.</summary>
    public float ToImage(float input) => (float)((input - Offset) / Scale);

    /// <summary>Input coordinate of an image coordinate.</summary>
    public float ToInput(float image) => (float)(image * Scale + Offset);
}
