namespace PoseCluster.Pose.Onnx;

/// <summary>A model input or output as the session declares it.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="ElementType">Element type.</param>
/// <param name="Shape">Dimensions; -1 marks a dynamic (symbolic) dimension.</param>
public sealed record TensorInfo(string Name, TensorElementType ElementType, IReadOnlyList<long> Shape)
{
    /// <summary>The shape as text, e.g. <c>[1,3,416,416]</c>, with <c>?</c> for dynamic dimensions.</summary>
    public string ShapeText => "[" + string.Join(",", Shape.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    /// <inheritdoc />
    public override string ToString() => $"{Name} {ElementType} {ShapeText}";
}
