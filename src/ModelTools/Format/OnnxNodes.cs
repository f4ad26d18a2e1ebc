using Google.Protobuf;

namespace PoseCluster.ModelTools.Format;

/// <summary>Builds <see cref="NodeProto"/>s and <see cref="AttributeProto"/>s and reads attributes back.</summary>
public static class OnnxNodes
{
    /// <summary>A node of the default domain (or <paramref name="domain"/>).</summary>
    public static NodeProto Create(string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, string name, IEnumerable<AttributeProto>? attributes = null, string domain = "")
    {
        var node = new NodeProto { OpType = opType, Name = name };
        if (domain.Length > 0)
        {
            node.Domain = domain;
        }

        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        if (attributes is not null)
        {
            node.Attribute.AddRange(attributes);
        }

        return node;
    }

    /// <summary>An INT attribute.</summary>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A FLOAT attribute.</summary>
    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A STRING attribute.</summary>
    public static AttributeProto String(string name, string value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>An INTS attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    /// <summary>A TENSOR attribute.</summary>
    public static AttributeProto Tensor(string name, TensorProto value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };

    /// <summary>The attribute <paramref name="name"/> of <paramref name="node"/>, or null.</summary>
    public static AttributeProto? Find(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name);

    /// <summary>The INT attribute <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public static long GetInt(NodeProto node, string name, long fallback) => Find(node, name) is { } a ? a.I : fallback;

    /// <summary>The FLOAT attribute <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public static float GetFloat(NodeProto node, string name, float fallback) => Find(node, name) is { } a ? a.F : fallback;

    /// <summary>A value info declaring a tensor of <paramref name="elementType"/> and unknown shape.</summary>
    public static ValueInfoProto TensorValueInfo(string name, TensorProto.Types.DataType elementType) => new()
    {
        Name = name,
        Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType } },
    };

    /// <summary>A value info declaring a tensor of <paramref name="elementType"/> and a fixed shape.</summary>
    public static ValueInfoProto TensorValueInfo(string name, TensorProto.Types.DataType elementType, params long[] shape)
    {
        var info = TensorValueInfo(name, elementType);
        info.Type.TensorType.Shape = new TensorShapeProto();
        foreach (var d in shape)
        {
            info.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return info;
    }

    /// <summary>A readable label of a node for messages: <c>Conv 'name'</c> (or its first output when unnamed).</summary>
    public static string Describe(NodeProto node) =>
        $"{(string.IsNullOrEmpty(node.Domain) ? string.Empty : node.Domain + ".")}{node.OpType} '{(string.IsNullOrEmpty(node.Name) ? node.Output.FirstOrDefault() : node.Name)}'";
}
