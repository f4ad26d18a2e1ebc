using PoseCluster.Pose.Nms;
using PoseCluster.Pose.Pipelines;
using PoseCluster.Pose.TopDown;

namespace PoseCluster.Pose.Tests.Pipelines;

/// <summary>
/// Accuracy acceptance of the top-down pipelines on the shared evaluation set against the independent reference
/// implementation's AP (same models and parameters): ours must be at least reference - 0.02.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class TopDownAccuracyTests(EngineFixture engine)
{
    [Theory]
    [InlineData("topdown", HeatmapDecoding.Dark, OksNmsMode.Classic, 0.369)]
    [InlineData("topdown", HeatmapDecoding.Argmax, OksNmsMode.Classic, 0.357)]
    [InlineData("topdown", HeatmapDecoding.Dark, OksNmsMode.Parallel, 0.369)]
    [InlineData("topdown-movenet", HeatmapDecoding.Dark, OksNmsMode.Classic, 0.411)]
    [InlineData("topdown-movenet", HeatmapDecoding.Dark, OksNmsMode.Parallel, 0.411)]
    public void Ap_is_within_two_points_of_the_reference(string name, HeatmapDecoding decoding, OksNmsMode nms, double reference)
    {
        using var pipeline = PosePipelineFactory.Create(
            new PipelineOptions { Pipeline = name, Decoding = decoding, Nms = new OksNmsOptions { Mode = nms } }, engine.Sessions);
        var stats = EvalSet.Evaluate(pipeline);
        Assert.True(stats.AP >= reference - 0.02, $"{name} {decoding} {nms}: AP {stats.AP:F4}, reference {reference}");
    }

    [Fact]
    public void Dark_improves_keypoint_localisation_over_argmax()
    {
        // On 23 people AP moves in steps of single threshold crossings; the mean OKS of matched people is the steadier
        // measure of localisation.
        double MeanBestOks(HeatmapDecoding decoding)
        {
            using var pipeline = PosePipelineFactory.Create(
                new PipelineOptions { Decoding = decoding, Nms = new OksNmsOptions { Mode = OksNmsMode.Classic } }, engine.Sessions);
            var frame = new PoseFrame();
            double sum = 0;
            var n = 0;
            foreach (var (info, image) in EvalSet.Images)
            {
                pipeline.Process(image, frame);
                foreach (var gt in EvalSet.Dataset.Annotations.Where(a => a.ImageId == info.Id && a.NumKeypoints > 0 && !a.IsCrowd))
                {
                    var best = 0.0;
                    foreach (var p in frame.Persons)
                    {
                        var det = new double[51];
                        for (var k = 0; k < 17; k++)
                        {
                            (det[3 * k], det[(3 * k) + 1], det[(3 * k) + 2]) = (p.Keypoints[k].X, p.Keypoints[k].Y, p.Keypoints[k].Score);
                        }

                        best = Math.Max(best, ObjectKeypointSimilarity.GroundTruthToDetection(gt.Keypoints.AsSpan(), [gt.Box.X, gt.Box.Y, gt.Box.Width, gt.Box.Height], gt.Area, det));
                    }

                    sum += best;
                    n++;
                }
            }

            return sum / n;
        }

        var dark = MeanBestOks(HeatmapDecoding.Dark);
        var argmax = MeanBestOks(HeatmapDecoding.Argmax);
        Assert.True(dark > argmax, $"mean OKS DARK {dark:F4} vs argmax {argmax:F4}");
    }

    [Fact]
    public void Batched_frames_give_the_same_poses_as_single_frames()
    {
        using var pipeline = PosePipelineFactory.Create(new PipelineOptions(), engine.Sessions);
        var images = EvalSet.Images.Take(4).Select(i => i.Image).ToList();
        var batched = images.Select(_ => new PoseFrame()).ToList();
        pipeline.ProcessBatch(images, batched);

        for (var f = 0; f < images.Count; f++)
        {
            var single = new PoseFrame();
            pipeline.Process(images[f], single);
            Assert.Equal(single.Count, batched[f].Count);
            for (var p = 0; p < single.Count; p++)
            {
                Assert.Equal(single.Persons[p].Score, batched[f].Persons[p].Score, 3);
                for (var k = 0; k < CocoKeypoints.Count; k++)
                {
                    Assert.Equal(single.Persons[p].Keypoints[k].X, batched[f].Persons[p].Keypoints[k].X, 1);
                    Assert.Equal(single.Persons[p].Keypoints[k].Y, batched[f].Persons[p].Keypoints[k].Y, 1);
                }
            }
        }
    }

    [Fact]
    public void Too_small_images_are_rejected_with_their_size()
    {
        using var pipeline = PosePipelineFactory.Create(new PipelineOptions(), engine.Sessions);
        using var dot = new PoseCluster.Pose.Imaging.RgbImage(1, 1);
        var e = Assert.Throws<ImageTooSmallException>(() => pipeline.Process(dot, new PoseFrame()));
        Assert.Contains("1x1", e.Message);
    }
}
