using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Preparation;
using PoseCluster.ModelTools.Verification;
using DataType = PoseCluster.ModelTools.Format.TensorProto.Types.DataType;

namespace PoseCluster.ModelTools.Tests.Preparation;

/// <summary>The float rewrites done before quantisation compute the same function (float32 rounding only: 1e-4).</summary>
[Collection(ToolsCollection.Name)]
public sealed class GraphPreparationTests(ToolsFixture tools)
{
    [Fact]
    public void DepthwiseDeconvolutionBecomesPhaseConvolutionsWithTheSameOutputs()
    {
        var random = new Random(4);
        var graph = new GraphProto { Name = "dw-deconv" };
        graph.Input.Add(OnnxNodes.TensorValueInfo("x", DataType.Float, 1, 8, 6, 5));
        graph.Output.Add(OnnxNodes.TensorValueInfo("y", DataType.Float, 1, 8, 12, 10));
        graph.Initializer.Add(OnnxTensors.FromFloats("w", [8, 1, 4, 4], Enumerable.Range(0, 128).Select(_ => (float)random.NextDouble() - 0.5f).ToArray()));
        graph.Initializer.Add(OnnxTensors.FromFloats("b", [8], Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble()).ToArray()));
        graph.Node.Add(OnnxNodes.Create(
            "ConvTranspose", ["x", "w", "b"], ["y"], "deconv",
            [OnnxNodes.Int("group", 8), OnnxNodes.Ints("kernel_shape", 4, 4), OnnxNodes.Ints("strides", 2, 2), OnnxNodes.Ints("pads", 1, 1, 1, 1)]));
        var model = SmallGraphs.Wrap(graph, 10);
        var rewritten = model.Clone();

        Assert.Equal(1, DepthwiseDeconvolutionRewriter.Rewrite(rewritten));

        Assert.DoesNotContain(rewritten.Graph.Node, n => n.OpType == "ConvTranspose");
        Assert.Equal(4, rewritten.Graph.Node.Count(n => n.OpType == "Conv"));
        var samples = SmallGraphs.Samples(model, 3, seed: 9);
        var reference = ModelOutputComparer.Run(tools.Runtime, model, samples);
        var outputs = ModelOutputComparer.Run(tools.Runtime, rewritten, samples);
        for (var s = 0; s < samples.Count; s++)
        {
            for (var i = 0; i < reference[s][0].Length; i++)
            {
                Assert.True(Math.Abs(reference[s][0][i] - outputs[s][0][i]) < 1e-4, $"sample {s} element {i}: {reference[s][0][i]} vs {outputs[s][0][i]}");
            }
        }
    }

    [Fact]
    public void BatchNormalizationFoldsIntoConvolutionsOfTheRealModel()
    {
        var entry = tools.Catalog.Get("simplepose-256x192");
        var model = OnnxModel.Load(tools.Catalog.PathOf(entry));
        var prepared = model.Clone();
        ModelNormalizer.Normalize(prepared);

        Assert.Equal(58, BatchNormalizationFolder.Fold(prepared));
        Assert.Equal(3, DepthwiseDeconvolutionRewriter.Rewrite(prepared));
        OpsetUpgrader.UpgradeForIntegerKernels(prepared);

        Assert.DoesNotContain(prepared.Graph.Node, n => n.OpType is "BatchNormalization" or "ConvTranspose");
        var samples = SmallGraphs.Samples(prepared, 2, seed: 3);
        var comparison = ModelOutputComparer.Compare(tools.Runtime, prepared, samples, ModelOutputComparer.Run(tools.Runtime, model, samples));
        Assert.True(comparison.Sqnr(0) > 80, comparison.ToString());
    }
}
