using PoseCluster.Pose.Evaluation;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Pose.Tests.Pipelines;

/// <summary>The shared COCO-format evaluation set, decoded once per test run.</summary>
internal static class EvalSet
{
    private static readonly Lazy<(CocoKeypointDataset Dataset, IReadOnlyList<(CocoImage Info, RgbImage Image)> Images)> Loaded = new(() =>
    {
        var dataset = CocoKeypointDataset.Load(TestAssets.Media("eval", "person_keypoints.json"));
        var images = dataset.Images.Select(i => (i, ImageFileDecoder.Load(TestAssets.Media("eval", i.FileName)))).ToList();
        return (dataset, images);
    });

    public static CocoKeypointDataset Dataset => Loaded.Value.Dataset;

    public static IReadOnlyList<(CocoImage Info, RgbImage Image)> Images => Loaded.Value.Images;

    /// <summary>Runs <paramref name="pipeline"/> over the set and returns the COCO stats.</summary>
    public static CocoStats Evaluate(IPosePipeline pipeline)
    {
        var results = new List<CocoKeypointResult>();
        var frame = new PoseFrame();
        foreach (var (info, image) in Images)
        {
            pipeline.Process(image, frame);
            results.AddRange(CocoKeypointResult.FromFrame(info.Id, frame));
        }

        return new CocoKeypointEvaluator().Evaluate(Dataset, results).Stats;
    }
}
