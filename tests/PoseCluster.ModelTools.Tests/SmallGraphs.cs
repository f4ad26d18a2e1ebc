using PoseCluster.ModelTools.Calibration;
using PoseCluster.ModelTools.Format;
using DataType = PoseCluster.ModelTools.Format.TensorProto.Types.DataType;

namespace PoseCluster.ModelTools.Tests;

/// <summary>Small float models built in code with the proto classes, and random inputs for them.</summary>
internal static class SmallGraphs
{
    /// <summary>x [1,4,16,16] -> Conv 3x3 (8 ch, bias) -> Relu -> Conv 1x1 (4 ch) -> y.</summary>
    public static OnnxModel ConvRelu(int seed = 1)
    {
        var random = new Random(seed);
        var graph = new GraphProto { Name = "conv_relu" };
        graph.Input.Add(OnnxNodes.TensorValueInfo("x", DataType.Float, 1, 4, 16, 16));
        graph.Output.Add(OnnxNodes.TensorValueInfo("y", DataType.Float, 1, 4, 16, 16));
        graph.Initializer.Add(OnnxTensors.FromFloats("w1", [8, 4, 3, 3], Values(random, 8 * 4 * 9, 0.3f)));
        graph.Initializer.Add(OnnxTensors.FromFloats("b1", [8], Values(random, 8, 0.1f)));
        graph.Initializer.Add(OnnxTensors.FromFloats("w2", [4, 8, 1, 1], Values(random, 4 * 8, 0.4f)));
        graph.Node.Add(OnnxNodes.Create("Conv", ["x", "w1", "b1"], ["c1"], "conv1", [OnnxNodes.Ints("pads", 1, 1, 1, 1)]));
        graph.Node.Add(OnnxNodes.Create("Relu", ["c1"], ["r1"], "relu1"));
        graph.Node.Add(OnnxNodes.Create("Conv", ["r1", "w2"], ["y"], "conv2"));
        return Wrap(graph, 13);
    }

    /// <summary>x [2,32] -> Gemm (transB, 16 out, bias) -> y.</summary>
    public static OnnxModel Gemm(int seed = 2)
    {
        var random = new Random(seed);
        var graph = new GraphProto { Name = "gemm" };
        graph.Input.Add(OnnxNodes.TensorValueInfo("x", DataType.Float, 2, 32));
        graph.Output.Add(OnnxNodes.TensorValueInfo("y", DataType.Float, 2, 16));
        graph.Initializer.Add(OnnxTensors.FromFloats("w", [16, 32], Values(random, 16 * 32, 0.2f)));
        graph.Initializer.Add(OnnxTensors.FromFloats("b", [16], Values(random, 16, 0.1f)));
        graph.Node.Add(OnnxNodes.Create("Gemm", ["x", "w", "b"], ["y"], "gemm", [OnnxNodes.Int("transB", 1)]));
        return Wrap(graph, 13);
    }

    /// <summary>x [1,8,8,8] -> ConvTranspose 4x4 stride 2 (group 1, 4 ch) -> y [1,4,16,16]; opset 11 (com.microsoft Q/DQ).</summary>
    public static OnnxModel ConvTranspose(int seed = 3)
    {
        var random = new Random(seed);
        var graph = new GraphProto { Name = "deconv" };
        graph.Input.Add(OnnxNodes.TensorValueInfo("x", DataType.Float, 1, 8, 8, 8));
        graph.Output.Add(OnnxNodes.TensorValueInfo("y", DataType.Float, 1, 4, 16, 16));
        graph.Initializer.Add(OnnxTensors.FromFloats("w", [8, 4, 4, 4], Values(random, 8 * 4 * 16, 0.3f)));
        graph.Initializer.Add(OnnxTensors.FromFloats("b", [4], Values(random, 4, 0.1f)));
        graph.Node.Add(OnnxNodes.Create(
            "ConvTranspose", ["x", "w", "b"], ["y"], "deconv",
            [OnnxNodes.Ints("strides", 2, 2), OnnxNodes.Ints("pads", 1, 1, 1, 1), OnnxNodes.Ints("kernel_shape", 4, 4)]));
        return Wrap(graph, 11);
    }

    public static List<CalibrationSample> Samples(OnnxModel model, int count, int seed)
    {
        var random = new Random(seed);
        var input = model.Graph.Input[0];
        var shape = input.Type.TensorType.Shape.Dim.Select(d => d.DimValue).ToArray();
        var size = (int)shape.Aggregate(1L, (a, b) => a * b);
        return Enumerable.Range(0, count)
            .Select(i => new CalibrationSample([new ModelInputTensor { Name = input.Name, Shape = shape, Floats = Values(random, size, 1f) }], $"random {i}"))
            .ToList();
    }

    public static OnnxModel Wrap(GraphProto graph, long opset)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "posecluster-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = opset });
        return OnnxModel.FromProto(model, graph.Name);
    }

    private static float[] Values(Random random, int count, float scale) =>
        Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale).ToArray();
}
