using System.Buffers;
using System.Text;

namespace PoseCluster.Pose.Onnx;

/// <summary>
/// Rewrites the batch dimension of a model's data input and of its outputs to a symbolic one (<c>batch</c>) and
/// drops the graph's intermediate shape annotations, working on the protobuf wire format directly: every other byte
/// of the model (weights included) is copied verbatim. Lets batch-1 exports of fully convolutional models run
/// several crops per call.
/// </summary>
public static class OnnxBatchDimensionRewriter
{
    // ModelProto.graph = 7; GraphProto.input = 11, output = 12, value_info = 13; ValueInfoProto.name = 1, type = 2;
    // TypeProto.tensor_type = 1; TypeProto.Tensor.shape = 2; TensorShapeProto.dim = 1; Dimension.dim_param = 2.
    private const int ModelGraph = 7;
    private const int GraphInput = 11;
    private const int GraphOutput = 12;
    private const int GraphValueInfo = 13;
    private const int ValueInfoName = 1;
    private const int ValueInfoType = 2;
    private const int TypeTensor = 1;
    private const int TensorShape = 2;
    private const int ShapeDim = 1;
    private const int DimParam = 2;

    /// <summary>Returns a copy of <paramref name="model"/> whose input <paramref name="inputName"/> and outputs have a symbolic batch.</summary>
    public static byte[] Rewrite(ReadOnlySpan<byte> model, string inputName)
    {
        var found = false;
        var output = new ArrayBufferWriter<byte>(model.Length + 64);
        foreach (var field in ProtoField.Enumerate(model))
        {
            if (field.Number == ModelGraph && field.WireType == 2)
            {
                ProtoField.WriteBytesField(output, ModelGraph, RewriteGraph(field.Payload(model), inputName, ref found));
            }
            else
            {
                output.Write(field.Raw(model));
            }
        }

        if (!found)
        {
            throw new OnnxRuntimeException($"The model has no graph input named '{inputName}' to make batch-dynamic.");
        }

        return output.WrittenSpan.ToArray();
    }

    private static byte[] RewriteGraph(ReadOnlySpan<byte> graph, string inputName, ref bool found)
    {
        var output = new ArrayBufferWriter<byte>(graph.Length);
        foreach (var field in ProtoField.Enumerate(graph))
        {
            var payload = field.WireType == 2 ? field.Payload(graph) : default;
            switch (field.Number)
            {
                case GraphValueInfo when field.WireType == 2:
                    break;
                case GraphInput when field.WireType == 2 && ValueInfoNameOf(payload) == inputName:
                    found = true;
                    ProtoField.WriteBytesField(output, GraphInput, RewriteNested(payload, [ValueInfoType, TypeTensor, TensorShape]));
                    break;
                case GraphOutput when field.WireType == 2:
                    ProtoField.WriteBytesField(output, GraphOutput, RewriteNested(payload, [ValueInfoType, TypeTensor, TensorShape]));
                    break;
                default:
                    output.Write(field.Raw(graph));
                    break;
            }
        }

        return output.WrittenSpan.ToArray();
    }

    private static string? ValueInfoNameOf(ReadOnlySpan<byte> valueInfo)
    {
        foreach (var field in ProtoField.Enumerate(valueInfo))
        {
            if (field.Number == ValueInfoName && field.WireType == 2)
            {
                return Encoding.UTF8.GetString(field.Payload(valueInfo));
            }
        }

        return null;
    }

    /// <summary>Descends through length-delimited fields along <paramref name="path"/>; at the end, rewrites the first dim.</summary>
    private static byte[] RewriteNested(ReadOnlySpan<byte> message, ReadOnlySpan<int> path)
    {
        var output = new ArrayBufferWriter<byte>(message.Length + 16);
        var firstDimDone = false;
        foreach (var field in ProtoField.Enumerate(message))
        {
            if (path.Length > 0 && field.Number == path[0] && field.WireType == 2)
            {
                ProtoField.WriteBytesField(output, field.Number, RewriteNested(field.Payload(message), path[1..]));
            }
            else if (path.Length == 0 && field.Number == ShapeDim && field.WireType == 2 && !firstDimDone)
            {
                firstDimDone = true;
                var dim = new ArrayBufferWriter<byte>(16);
                ProtoField.WriteBytesField(dim, DimParam, "batch"u8);
                ProtoField.WriteBytesField(output, ShapeDim, dim.WrittenSpan);
            }
            else
            {
                output.Write(field.Raw(message));
            }
        }

        return output.WrittenSpan.ToArray();
    }
}
