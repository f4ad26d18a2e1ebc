using Google.Protobuf;
using PoseCluster.ModelTools.Calibration;
using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Verification;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.ModelTools.Tests.Format;

/// <summary>
/// Reading and re-writing every installed catalog model gives the same bytes (all 15 do today, thanks to explicit
/// presence on the fields exporters write with default values); a model that did not would still have to run to
/// bit-identical outputs.
/// </summary>
[Collection(ToolsCollection.Name)]
public sealed class CatalogRoundTripTests(ToolsFixture tools)
{
    public static TheoryData<string> ModelIds => new(Pose.Models.ModelCatalog.Load().Entries.Where(e => e.Precision == "fp32").Select(e => e.Id));

    [Fact]
    public void EveryCatalogModelRoundTripsByteForByte()
    {
        var different = tools.Catalog.Entries.Where(e => e.Precision == "fp32")
            .Where(e =>
            {
                var bytes = File.ReadAllBytes(tools.Catalog.PathOf(e));
                return !bytes.AsSpan().SequenceEqual(OnnxModel.Parse(bytes, e.Id).ToByteArray());
            })
            .Select(e => e.Id)
            .ToList();

        Assert.Empty(different);
    }

    [Theory]
    [MemberData(nameof(ModelIds))]
    public void RoundTripIsByteIdenticalOrSemanticallyIdentical(string id)
    {
        var entry = tools.Catalog.Get(id);
        var bytes = File.ReadAllBytes(tools.Catalog.PathOf(entry));
        var model = OnnxModel.Parse(bytes, id);
        var written = model.ToByteArray();
        if (bytes.AsSpan().SequenceEqual(written))
        {
            return;
        }

        // Same messages after a second parse (nothing lost), and the same outputs.
        Assert.Equal(model.Proto, ModelProto.Parser.ParseFrom(written));
        Assert.Equal(model.Graph.Initializer.Count, ModelProto.Parser.ParseFrom(written).Graph.Initializer.Count);
        var sample = RandomSample(tools.Runtime, bytes, id);
        var original = ModelOutputComparer.Run(tools.Runtime, OnnxModel.Parse(bytes, id), [sample]);
        var rewritten = ModelOutputComparer.Run(tools.Runtime, OnnxModel.Parse(written, id), [sample]);
        for (var o = 0; o < original[0].Length; o++)
        {
            Assert.Equal(original[0][o], rewritten[0][o]);
        }
    }

    [Fact]
    public void UnknownFieldsSurviveARoundTrip()
    {
        var model = SmallGraphs.ConvRelu();
        var bytes = model.ToByteArray().ToList();

        // ModelProto field 99 (not in the schema), varint 12345, appended at the end.
        var extra = new MemoryStream();
        var output = new CodedOutputStream(extra);
        output.WriteTag(99, WireFormat.WireType.Varint);
        output.WriteInt64(12345);
        output.Flush();
        bytes.AddRange(extra.ToArray());

        var parsed = OnnxModel.Parse(bytes.ToArray(), "with-unknown");
        Assert.Equal(bytes.ToArray(), parsed.ToByteArray());
    }

    private static CalibrationSample RandomSample(OnnxRuntime runtime, byte[] bytes, string id)
    {
        using var session = runtime.CreateSession(bytes, id, new OnnxRuntimeOptions { IntraOpThreads = 1 });
        var random = new Random(5);
        var inputs = session.Inputs.Select(i =>
        {
            var shape = i.Shape.Select(d => d > 0 ? d : 1).ToArray();
            var count = (int)shape.Aggregate(1L, (a, b) => a * b);
            return i.ElementType == TensorElementType.Int32
                ? new ModelInputTensor { Name = i.Name, Shape = shape, Ints = Enumerable.Range(0, count).Select(_ => random.Next(256)).ToArray() }
                : new ModelInputTensor { Name = i.Name, Shape = shape, Floats = Enumerable.Range(0, count).Select(_ => (float)random.NextDouble()).ToArray() };
        }).ToList();
        return new CalibrationSample(inputs, "random");
    }
}
