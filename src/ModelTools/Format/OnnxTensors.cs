using System.Runtime.InteropServices;
using Google.Protobuf;

namespace PoseCluster.ModelTools.Format;

/// <summary>Reads the values of <see cref="TensorProto"/>s and creates new ones (always as little-endian raw_data).</summary>
public static class OnnxTensors
{
    /// <summary>Element count of a tensor (1 for a scalar).</summary>
    public static long ElementCount(TensorProto tensor)
    {
        long n = 1;
        foreach (var d in tensor.Dims)
        {
            n *= d;
        }

        return n;
    }

    /// <summary>The values of a float, float16 or double tensor as float32.</summary>
    public static float[] ToFloats(TensorProto tensor)
    {
        var count = checked((int)ElementCount(tensor));
        var type = (TensorProto.Types.DataType)tensor.DataType;
        switch (type)
        {
            case TensorProto.Types.DataType.Float:
                if (!tensor.RawData.IsEmpty)
                {
                    return Check(MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray(), count, tensor);
                }

                return Check(tensor.FloatData.ToArray(), count, tensor);
            case TensorProto.Types.DataType.Float16:
                {
                    var halves = !tensor.RawData.IsEmpty
                        ? MemoryMarshal.Cast<byte, Half>(tensor.RawData.Span).ToArray()
                        : tensor.Int32Data.Select(v => BitConverter.UInt16BitsToHalf((ushort)v)).ToArray();
                    return Check(halves.Select(h => (float)h).ToArray(), count, tensor);
                }

            case TensorProto.Types.DataType.Double:
                return Check(
                    (!tensor.RawData.IsEmpty ? MemoryMarshal.Cast<byte, double>(tensor.RawData.Span).ToArray() : tensor.DoubleData.ToArray())
                        .Select(v => (float)v).ToArray(),
                    count,
                    tensor);
            default:
                throw new InvalidDataException($"Tensor '{tensor.Name}' holds {type}, not a floating-point type.");
        }
    }

    /// <summary>The values of an integer tensor (int8/uint8/int16/int32/int64) as int64.</summary>
    public static long[] ToInt64s(TensorProto tensor)
    {
        var count = checked((int)ElementCount(tensor));
        var raw = tensor.RawData.Span;
        long[] values = (TensorProto.Types.DataType)tensor.DataType switch
        {
            TensorProto.Types.DataType.Int64 => raw.IsEmpty ? tensor.Int64Data.ToArray() : MemoryMarshal.Cast<byte, long>(raw).ToArray(),
            TensorProto.Types.DataType.Int32 => raw.IsEmpty ? tensor.Int32Data.Select(v => (long)v).ToArray() : Widen(MemoryMarshal.Cast<byte, int>(raw)),
            TensorProto.Types.DataType.Int8 => raw.IsEmpty ? tensor.Int32Data.Select(v => (long)v).ToArray() : Widen(MemoryMarshal.Cast<byte, sbyte>(raw)),
            TensorProto.Types.DataType.Uint8 => raw.IsEmpty ? tensor.Int32Data.Select(v => (long)v).ToArray() : Widen(raw),
            _ => throw new InvalidDataException($"Tensor '{tensor.Name}' holds {(TensorProto.Types.DataType)tensor.DataType}, not an integer type."),
        };
        return values.Length == count ? values : throw Mismatch(tensor, values.Length, count);
    }

    /// <summary>A float32 tensor.</summary>
    public static TensorProto FromFloats(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> values) =>
        Create(name, dims, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(values));

    /// <summary>A float16 tensor.</summary>
    public static TensorProto FromHalves(string name, ReadOnlySpan<long> dims, ReadOnlySpan<Half> values) =>
        Create(name, dims, TensorProto.Types.DataType.Float16, MemoryMarshal.AsBytes(values));

    /// <summary>An int8 tensor.</summary>
    public static TensorProto FromSBytes(string name, ReadOnlySpan<long> dims, ReadOnlySpan<sbyte> values) =>
        Create(name, dims, TensorProto.Types.DataType.Int8, MemoryMarshal.AsBytes(values));

    /// <summary>A uint8 tensor.</summary>
    public static TensorProto FromBytes(string name, ReadOnlySpan<long> dims, ReadOnlySpan<byte> values) =>
        Create(name, dims, TensorProto.Types.DataType.Uint8, values);

    /// <summary>An int32 tensor.</summary>
    public static TensorProto FromInt32s(string name, ReadOnlySpan<long> dims, ReadOnlySpan<int> values) =>
        Create(name, dims, TensorProto.Types.DataType.Int32, MemoryMarshal.AsBytes(values));

    /// <summary>An int64 tensor.</summary>
    public static TensorProto FromInt64s(string name, ReadOnlySpan<long> dims, ReadOnlySpan<long> values) =>
        Create(name, dims, TensorProto.Types.DataType.Int64, MemoryMarshal.AsBytes(values));

    private static TensorProto Create(string name, ReadOnlySpan<long> dims, TensorProto.Types.DataType type, ReadOnlySpan<byte> raw)
    {
        var t = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        foreach (var d in dims)
        {
            t.Dims.Add(d);
        }

        return t;
    }

    private static long[] Widen<T>(ReadOnlySpan<T> values)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var result = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = long.CreateTruncating(values[i]);
        }

        return result;
    }

    private static float[] Check(float[] values, int count, TensorProto tensor) =>
        values.Length == count ? values : throw Mismatch(tensor, values.Length, count);

    private static InvalidDataException Mismatch(TensorProto tensor, int found, int expected) =>
        new($"Tensor '{tensor.Name}' has {found} values for a shape of {expected} elements: the model is corrupt.");
}
