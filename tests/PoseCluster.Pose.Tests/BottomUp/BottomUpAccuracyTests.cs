using PoseCluster.Pose.Evaluation;
using PoseCluster.Pose.Pipelines;
using Xunit.Abstractions;

namespace PoseCluster.Pose.Tests.BottomUp;

/// <summary>COCO keypoint AP of the bottom-up pipelines on the shared eval set, against the reference results' AP.</summary>
[Collection(EngineCollection.Name)]
public sealed class BottomUpAccuracyTests(EngineFixture engine, ITestOutputHelper output)
{
    private double AveragePrecision(string pipeline, string? model = null, params (string Name, string Value)[] overrides)
    {
        var options = new PipelineOptions { Pipeline = pipeline, PoseModel = model };
        foreach (var (name, value) in overrides)
        {
            options.DecodeOverrides[name] = value;
        }

        using var p = PosePipelineFactory.Create(options, engine.Sessions);
        var dataset = CocoKeypointDataset.Load(TestAssets.Media("eval", "person_keypoints.json"));
        var (images, _) = TestImages.EvalSet();
        var results = new List<CocoKeypointResult>();
        var frame = new PoseFrame();
        foreach (var (id, png) in images)
        {
            using var image = TestImages.LoadPng(png);
            p.Process(image, frame);
            results.AddRange(CocoKeypointResult.FromFrame(id, frame));
        }

        var stats = new CocoKeypointEvaluator().Evaluate(dataset, results).Stats;
        output.WriteLine($"{pipeline} {model} {string.Join(' ', overrides.Select(o => $"{o.Name}={o.Value}"))}: AP {stats.AP:F4} AP50 {stats.AP50:F4} AR {stats.AR:F4} ({results.Count} persons)");
        return stats.AP;
    }

    [Fact]
    public void Paf_pipeline_reaches_the_reference_ap()
    {
        // Reference (Lightweight OpenPose demo convention, x4): 0.106; required >= reference - 0.02.
        Assert.True(AveragePrecision("bottomup-paf") >= 0.086);
    }

    [Fact]
    public void Paf_full_resolution_with_half_pixel_reaches_its_reference_ap()
    {
        // Reference (upsampled to input resolution, +0.5 px as the validation script): 0.125.
        Assert.True(AveragePrecision("bottomup-paf", null, ("upsample", "0"), ("coordinateOffset", "0.5")) >= 0.105);
    }

    [Fact]
    public void MoveNet_multipose_reaches_the_reference_ap()
    {
        // Reference (256x448, all 6 candidates): 0.353.
        Assert.True(AveragePrecision("movenet-multipose") >= 0.333);
    }

    [Fact]
    public void BodyPix_reaches_its_measured_ap()
    {
        // No reference figure; measured 0.216 (stride 16). Guards against regressions.
        Assert.True(AveragePrecision("bottomup-bodypix") >= 0.19);
    }
}
