using PoseCluster.ModelTools.Calibration;
using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Fp16;
using PoseCluster.ModelTools.Verification;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.ModelTools.Tests.Fp16;

/// <summary>
/// float16 variants load and run on ONNX Runtime's CPU provider (which inserts casts around operators without float16
/// kernels) with float32 inputs and outputs. Tolerance: at least 35 dB SQNR against the float model (float16 has an
/// 11-bit mantissa; a wrong cast or type gives far less).
/// </summary>
[Collection(ToolsCollection.Name)]
public sealed class Fp16ConversionTests(ToolsFixture tools)
{
    [Theory]
    [InlineData("simplepose-256x192")]
    [InlineData("movenet-lightning-192")]
    [InlineData("openpose-mnv2-368x432")]
    public void Fp16VariantRunsOnCpuCloseToFloat(string id)
    {
        var entry = tools.Catalog.Get(id);
        var model = OnnxModel.Load(tools.Catalog.PathOf(entry));
        var half = Fp16ConverterFactory.Create(tools.Runtime).Convert(model, new Fp16ConversionOptions());

        Assert.Contains(half.Graph.Initializer, t => t.DataType == (int)TensorProto.Types.DataType.Float16);
        Assert.DoesNotContain(half.Graph.Initializer, t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Count == 4);
        var initializers = model.Graph.Initializer.Select(t => t.Name).ToHashSet();
        Assert.Equal(model.Graph.Input.Select(i => i.Name).Where(n => !initializers.Contains(n)), half.Graph.Input.Select(i => i.Name));
        Assert.Equal(model.Graph.Output.Select(i => i.Name), half.Graph.Output.Select(i => i.Name));

        var frames = CalibrationFrameReader.Read(ToolsFixture.CalibrationFrames, 3);
        var samples = CalibrationInputBuilder.Build(entry with { Input = entry.Input with { Resize = ResizeMode.Letterbox } }, frames, 3, null);
        var reference = ModelOutputComparer.Run(tools.Runtime, model, samples);
        var comparison = ModelOutputComparer.Compare(tools.Runtime, half, samples, reference);
        using var session = tools.Runtime.CreateSession(half.ToByteArray(), id, new OnnxRuntimeOptions());
        Assert.All(session.Outputs, o => Assert.NotEqual(TensorElementType.Float16, o.ElementType));
        Assert.True(comparison.MeanSqnr >= 35, comparison.ToString());
    }
}
