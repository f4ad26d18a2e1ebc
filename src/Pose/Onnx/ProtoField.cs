using System.Buffers;

namespace PoseCluster.Pose.Onnx;

/// <summary>One field of a protobuf message on the wire: its number, wire type and byte ranges.</summary>
internal readonly record struct ProtoField(int Number, int WireType, int Start, int PayloadStart, int End)
{
    /// <summary>The whole field (tag included).</summary>
    public ReadOnlySpan<byte> Raw(ReadOnlySpan<byte> message) => message[Start..End];

    /// <summary>The payload of a length-delimited field.</summary>
    public ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> message) => message[PayloadStart..End];

    /// <summary>Enumerates the top-level fields of a message; throws on malformed input.</summary>
    public static List<ProtoField> Enumerate(ReadOnlySpan<byte> message)
    {
        var fields = new List<ProtoField>();
        var pos = 0;
        while (pos < message.Length)
        {
            var start = pos;
            var tag = ReadVarint(message, ref pos);
            var number = (int)(tag >> 3);
            var wireType = (int)(tag & 7);
            int payloadStart;
            switch (wireType)
            {
                case 0:
                    payloadStart = pos;
                    ReadVarint(message, ref pos);
                    break;
                case 1:
                    payloadStart = pos;
                    pos += 8;
                    break;
                case 2:
                    var length = ReadVarint(message, ref pos);
                    payloadStart = pos;
                    pos = checked(pos + (int)length);
                    break;
                case 5:
                    payloadStart = pos;
                    pos += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {wireType} at byte {start}: the file is not an ONNX model.");
            }

            if (pos > message.Length || number == 0)
            {
                throw new InvalidDataException($"Truncated or malformed protobuf field at byte {start}: the file is not an ONNX model.");
            }

            fields.Add(new ProtoField(number, wireType, start, payloadStart, pos));
        }

        return fields;
    }

    /// <summary>Writes a length-delimited field.</summary>
    public static void WriteBytesField(IBufferWriter<byte> output, int number, ReadOnlySpan<byte> payload)
    {
        WriteVarint(output, ((ulong)number << 3) | 2);
        WriteVarint(output, (ulong)payload.Length);
        output.Write(payload);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length)
            {
                throw new InvalidDataException("Truncated protobuf varint: the file is not an ONNX model.");
            }

            var b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("Malformed protobuf varint: the file is not an ONNX model.");
    }

    private static void WriteVarint(IBufferWriter<byte> output, ulong value)
    {
        Span<byte> buffer = stackalloc byte[10];
        var n = 0;
        while (value >= 0x80)
        {
            buffer[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[n++] = (byte)value;
        output.Write(buffer[..n]);
    }
}
