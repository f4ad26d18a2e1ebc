using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Fp16;
using PoseCluster.ModelTools.Quantization;
using DataType = PoseCluster.ModelTools.Format.TensorProto.Types.DataType;

namespace PoseCluster.ModelTools.Tests.Quantization;

/// <summary>Corrupt and unsupported models fail with a message that names the file or the operator.</summary>
[Collection(ToolsCollection.Name)]
public sealed class UnsupportedModelTests(ToolsFixture tools)
{
    [Fact]
    public void CorruptFileNamesTheFile()
    {
        var dir = ToolsFixture.TempDirectory();
        var path = Path.Combine(dir, "broken.onnx");
        File.WriteAllBytes(path, [0x08, 0x07, 0x3A, 0xFF, 0xFF, 0x01, 0x02]);

        var e = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(path));
        Assert.Contains("broken.onnx", e.Message);
        Assert.Contains("not an ONNX model", e.Message);
    }

    [Fact]
    public void TruncatedRealModelIsRejected()
    {
        var source = tools.Catalog.PathOf(tools.Catalog.Get("simplepose-256x192"));
        var bytes = File.ReadAllBytes(source);
        Assert.Throws<InvalidDataException>(() => OnnxModel.Parse(bytes.AsSpan(0, bytes.Length / 3), "truncated"));
    }

    [Fact]
    public void CustomDomainOperatorIsNamed()
    {
        var model = SmallGraphs.ConvRelu();
        model.Graph.Node.Add(OnnxNodes.Create("FancyPool", ["y"], ["z"], "fancy", domain: "com.example"));
        model.Graph.Output[0] = OnnxNodes.TensorValueInfo("z", DataType.Float);

        var e = Assert.Throws<UnsupportedModelException>(() => Quantize(model));
        Assert.Contains("com.example.FancyPool 'fancy'", e.Message);
    }

    [Fact]
    public void OperatorOnnxRuntimeDoesNotKnowIsNamed()
    {
        var model = SmallGraphs.ConvRelu();
        model.Graph.Node.Add(OnnxNodes.Create("NoSuchOperator", ["y"], ["z"], "mystery"));
        model.Graph.Output[0] = OnnxNodes.TensorValueInfo("z", DataType.Float);

        var e = Assert.Throws<UnsupportedModelException>(() => Quantize(model));
        Assert.Contains("NoSuchOperator", e.Message);
    }

    [Fact]
    public void AlreadyQuantisedModelIsNamed()
    {
        var model = SmallGraphs.ConvRelu();
        var quantized = Quantize(model, keepHeads: false).Model;

        var e = Assert.Throws<UnsupportedModelException>(() => Quantize(quantized));
        Assert.Contains("already quantised", e.Message);
        Assert.Contains("QuantizeLinear", e.Message);
        Assert.Throws<UnsupportedModelException>(() => Fp16ConverterFactory.Create(tools.Runtime).Convert(quantized, new Fp16ConversionOptions()));
    }

    [Fact]
    public void Float16WeightsAreNamed()
    {
        var half = Fp16ConverterFactory.Create(tools.Runtime).Convert(SmallGraphs.ConvRelu(), new Fp16ConversionOptions());

        var e = Assert.Throws<UnsupportedModelException>(() => Quantize(half));
        Assert.Contains("Conv 'conv1'", e.Message);
        Assert.Contains("Float16 weights", e.Message);
    }

    [Fact]
    public void OldOpsetWithChangedOperatorIsNamed()
    {
        var model = SmallGraphs.ConvRelu();
        model.Proto.OpsetImport[0].Version = 8;
        model.Graph.Node.Add(OnnxNodes.Create("Upsample", ["y"], ["z"], "up", [OnnxNodes.Float("height_scale", 2), OnnxNodes.Float("width_scale", 2)]));
        model.Graph.Output[0] = OnnxNodes.TensorValueInfo("z", DataType.Float);

        var e = Assert.Throws<UnsupportedModelException>(() => Quantize(model));
        Assert.Contains("Upsample 'up'", e.Message);
    }

    [Fact]
    public void GraphWithNothingToQuantiseSaysSo()
    {
        var model = SmallGraphs.ConvRelu();
        var e = Assert.Throws<UnsupportedModelException>(() => Quantize(SmallGraphs.Gemm()));
        Assert.Contains("nothing to quantise", e.Message);
        Assert.NotNull(model);
    }

    private QuantizationResult Quantize(OnnxModel model, bool keepHeads = true) =>
        ModelQuantizerFactory.Create(tools.Runtime).Quantize(
            model,
            SmallGraphs.Samples(model, 2, 1),
            SmallGraphs.Samples(model, 1, 2),
            new QuantizationOptions { Method = Calibration.CalibrationMethod.MinMax, FloatHeadDepth = keepHeads ? 1 : 0 });
}
