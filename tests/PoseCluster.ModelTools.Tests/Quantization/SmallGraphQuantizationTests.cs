using PoseCluster.ModelTools.Calibration;
using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Quantization;
using PoseCluster.ModelTools.Verification;

namespace PoseCluster.ModelTools.Tests.Quantization;

/// <summary>
/// Quantise-dequantise round trips on graphs built in code, run through ONNX Runtime. Tolerance: the QDQ model's
/// outputs keep a signal-to-quantisation-noise ratio of at least 30 dB against the float model (8-bit weights and
/// activations on a single layer give about 35-45 dB; a broken scale, axis or zero point gives below 10 dB).
/// </summary>
[Collection(ToolsCollection.Name)]
public sealed class SmallGraphQuantizationTests(ToolsFixture tools)
{
    private const double MinimumSqnrDb = 30;

    public static TheoryData<string> Graphs => ["conv-relu", "gemm", "conv-transpose"];

    [Theory]
    [MemberData(nameof(Graphs))]
    public void QdqOutputsStayCloseToFloat(string name)
    {
        var model = Build(name);
        var calibration = SmallGraphs.Samples(model, 16, seed: 10);
        var validation = SmallGraphs.Samples(model, 4, seed: 11);
        var options = new QuantizationOptions { Method = CalibrationMethod.MinMax, FloatHeadDepth = 0 };

        var result = ModelQuantizerFactory.Create(tools.Runtime).Quantize(model, calibration, validation, options);

        var reference = ModelOutputComparer.Run(tools.Runtime, model, validation);
        var comparison = ModelOutputComparer.Compare(tools.Runtime, result.Model, validation, reference);
        Assert.True(comparison.Sqnr(0) >= MinimumSqnrDb, $"{name}: {comparison}");
        Assert.True(result.QuantizedLayers >= 1);
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public void WeightsBecomeInt8InitializersBehindDequantizeLinearWithAxis(string name)
    {
        var model = Build(name);
        var options = new QuantizationOptions { Method = CalibrationMethod.MinMax, FloatHeadDepth = 0 };
        var result = ModelQuantizerFactory.Create(tools.Runtime).Quantize(model, SmallGraphs.Samples(model, 4, 1), SmallGraphs.Samples(model, 2, 2), options);

        var graph = result.Model.Graph;
        var int8 = graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Int8 && t.Dims.Count >= 2).Select(t => t.Name).ToHashSet();
        Assert.NotEmpty(int8);
        var weightDq = graph.Node.Where(n => n.OpType == "DequantizeLinear" && int8.Contains(n.Input[0])).ToList();
        Assert.NotEmpty(weightDq);
        Assert.All(weightDq, n => Assert.NotNull(OnnxNodes.Find(n, "axis")));
        Assert.Contains(graph.Node, n => n.OpType == "QuantizeLinear");

        // The float weights are gone: the file holds int8 only.
        Assert.DoesNotContain(graph.Initializer, t => t.Name is "w" or "w1" or "w2");
        Assert.Equal(model.OpsetVersion >= 13 ? string.Empty : OnnxModel.MicrosoftDomain, weightDq[0].Domain);
    }

    [Fact]
    public void HeadsStayFloatByDefault()
    {
        var model = SmallGraphs.ConvRelu();
        var result = ModelQuantizerFactory.Create(tools.Runtime)
            .Quantize(model, SmallGraphs.Samples(model, 4, 1), SmallGraphs.Samples(model, 2, 2), new QuantizationOptions { Method = CalibrationMethod.MinMax });

        Assert.Equal(["conv2"], result.FloatLayers);
        Assert.Equal(1, result.QuantizedLayers);
    }

    [Fact]
    public void AutoTriesEveryMethodAndKeepsTheBestScore()
    {
        var model = SmallGraphs.ConvRelu();
        var result = ModelQuantizerFactory.Create(tools.Runtime)
            .Quantize(model, SmallGraphs.Samples(model, 8, 1), SmallGraphs.Samples(model, 4, 2), new QuantizationOptions { FloatHeadDepth = 0 });

        Assert.Equal(4, result.Scores.Count);
        Assert.Equal(result.Scores.Values.Max(s => s.MeanSqnr), result.Scores[result.Method].MeanSqnr);
    }

    private static OnnxModel Build(string name) => name switch
    {
        "conv-relu" => SmallGraphs.ConvRelu(),
        "gemm" => SmallGraphs.Gemm(),
        _ => SmallGraphs.ConvTranspose(),
    };
}
