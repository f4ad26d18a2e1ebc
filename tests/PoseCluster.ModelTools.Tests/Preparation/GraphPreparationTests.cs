using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Preparation;
using PoseCluster.ModelTools.Verification;

namespace PoseCluster.ModelTools.Tests.Preparation;

/// <summary>The float rewrites done before quantisation compute the same function (float32 rounding only: SQNR above 80 dB).</summary>
[Collection(ToolsCollection.Name)]
public sealed class GraphPreparationTests(ToolsFixture tools)
{
    [Fact]
    public void BatchNormalizationFoldsIntoConvolutionsOfTheRealModel()
    {
        var entry = tools.Catalog.Get("simplepose-256x192");
        var model = OnnxModel.Load(tools.Catalog.PathOf(entry));
        var prepared = model.Clone();
        ModelNormalizer.Normalize(prepared);

        Assert.Equal(58, BatchNormalizationFolder.Fold(prepared));
        OpsetUpgrader.UpgradeForIntegerKernels(prepared);

        Assert.DoesNotContain(prepared.Graph.Node, n => n.OpType == "BatchNormalization");
        Assert.Equal(10, prepared.OpsetVersion);
        Assert.DoesNotContain(prepared.Graph.Input, i => prepared.Graph.Initializer.Any(t => t.Name == i.Name));
        var samples = SmallGraphs.Samples(prepared, 2, seed: 3);
        var comparison = ModelOutputComparer.Compare(tools.Runtime, prepared, samples, ModelOutputComparer.Run(tools.Runtime, model, samples));
        Assert.True(comparison.Sqnr(0) > 80, comparison.ToString());
    }
}
