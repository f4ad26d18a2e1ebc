namespace PoseCluster.Pose.Onnx;

/// <summary>Tensor element types (ONNX <c>TensorProto.DataType</c> values) the engine exchanges with models.</summary>
public enum TensorElementType
{
    /// <summary>Not a tensor or unknown.</summary>
    Undefined = 0,
    /// <summary>32-bit float.</summary>
    Float = 1,
    /// <summary>Unsigned byte.</summary>
    UInt8 = 2,
    /// <summary>Signed byte.</summary>
    Int8 = 3,
    /// <summary>32-bit integer.</summary>
    Int32 = 6,
    /// <summary>64-bit integer.</summary>
    Int64 = 7,
    /// <summary>16-bit float.</summary>
    Float16 = 10,
}

/// <summary>Sizes of <see cref="TensorElementType"/> values.</summary>
public static class TensorElementTypeExtensions
{
    /// <summary>Bytes per element.</summary>
    public static int SizeInBytes(this TensorElementType type) => type switch
    {
        TensorElementType.Float => 4,
        TensorElementType.Int32 => 4,
        TensorElementType.Int64 => 8,
        TensorElementType.UInt8 => 1,
        TensorElementType.Int8 => 1,
        TensorElementType.Float16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unsupported tensor element type."),
    };
}
