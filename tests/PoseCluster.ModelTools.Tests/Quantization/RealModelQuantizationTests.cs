using PoseCluster.ModelTools.Calibration;
using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Quantization;
using PoseCluster.ModelTools.Verification;
using PoseCluster.Pose.Detection;

namespace PoseCluster.ModelTools.Tests.Quantization;

/// <summary>
/// A real catalog model quantised on real frames stays close to the float model on other real frames. Tolerance:
/// the heatmap output keeps at least 12 dB SQNR and the peak (argmax) of at least 80% of the visible-joint heatmaps
/// lands within one heatmap cell (4 input pixels) of the float model's peak.
/// </summary>
[Collection(ToolsCollection.Name)]
public sealed class RealModelQuantizationTests(ToolsFixture tools)
{
    [Fact]
    public void SimplePoseInt8HeatmapsStayCloseToFloat()
    {
        var entry = tools.Catalog.Get("simplepose-256x192");
        var frames = CalibrationFrameReader.Read(ToolsFixture.CalibrationFrames, 30);
        using var detector = PersonDetectorFactory.Create("yolox-nano-416", tools.Sessions);
        var samples = CalibrationInputBuilder.Build(entry, frames, 40, detector);
        var calibration = samples.Where((_, i) => i % 4 != 3).ToList();
        var validation = samples.Where((_, i) => i % 4 == 3).ToList();
        var model = OnnxModel.Load(tools.Catalog.PathOf(entry));

        var result = ModelQuantizerFactory.Create(tools.Runtime).Quantize(model, calibration, validation, new QuantizationOptions { Method = CalibrationMethod.MinMax });

        var reference = ModelOutputComparer.Run(tools.Runtime, model, validation);
        var quantized = ModelOutputComparer.Run(tools.Runtime, result.Model, validation);
        var comparison = new OutputComparison(["heatmaps"]);
        int peaks = 0, agreeing = 0;
        for (var s = 0; s < validation.Count; s++)
        {
            comparison.Add(reference[s], quantized[s]);
            const int plane = 64 * 48;
            for (var k = 0; k < 17; k++)
            {
                var f = reference[s][0].AsSpan(k * plane, plane);
                var q = quantized[s][0].AsSpan(k * plane, plane);
                var fi = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(f);
                if (f[fi] < 0.3f)
                {
                    continue;
                }

                var qi = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(q);
                peaks++;
                agreeing += Math.Abs((fi % 48) - (qi % 48)) <= 1 && Math.Abs((fi / 48) - (qi / 48)) <= 1 ? 1 : 0;
            }
        }

        Assert.True(comparison.Sqnr(0) >= 12, comparison.ToString());
        Assert.True(peaks > 20, $"only {peaks} confident joints in the validation crops");
        Assert.True(agreeing >= 0.8 * peaks, $"{agreeing} of {peaks} peaks agree");
        Assert.Equal(58, result.FoldedBatchNorms);
    }
}
