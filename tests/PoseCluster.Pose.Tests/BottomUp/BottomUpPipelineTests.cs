using System.Text.Json;
using PoseCluster.Pose.BottomUp;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Pipelines;
using PoseCluster.Pose.Tests.Reference;

namespace PoseCluster.Pose.Tests.BottomUp;

/// <summary>The bottom-up pipelines on real images with the real models.</summary>
[Collection(EngineCollection.Name)]
public sealed class BottomUpPipelineTests(EngineFixture engine)
{
    private const string Person785 = "coco_000000000785.png";

    private IPosePipeline Create(string pipeline, string? model = null, params (string Name, string Value)[] overrides)
    {
        var options = new PipelineOptions { Pipeline = pipeline, PoseModel = model };
        foreach (var (name, value) in overrides)
        {
            options.DecodeOverrides[name] = value;
        }

        return PosePipelineFactory.Create(options, engine.Sessions);
    }

    private static float[] GroundTruth(long imageId) => TestImages.EvalSet().Persons[imageId].Single();

    [Fact]
    public void Paf_pipeline_finds_the_person_where_the_ground_truth_is()
    {
        using var pipeline = Create("bottomup-paf");
        using var image = TestImages.LoadPng(TestAssets.Media("eval", "png", Person785));
        var frame = new PoseFrame();
        pipeline.Process(image, frame);

        Assert.Equal(1, frame.Count);
        var person = frame.Persons[0];
        Assert.Equal(image.Width, frame.ImageWidth);
        Assert.True(TestImages.MeanDistance(GroundTruth(785), person) < 12, $"mean distance {TestImages.MeanDistance(GroundTruth(785), person):F1} px");
        Assert.Equal(CocoKeypoints.Count, Enumerable.Range(0, CocoKeypoints.Count).Count(k => person.Keypoints[k].Score > 0));
        Assert.True(pipeline.Timer.TotalMilliseconds(PipelineStage.Inference) > 0 && pipeline.Timer.TotalMilliseconds(PipelineStage.Post) > 0);
        Assert.Equal(1, pipeline.Timer.Frames);
    }

    /// <summary>
    /// Given the reference's input (OpenCV INTER_CUBIC letterbox, as tf-pose-estimation resizes), the decoder reproduces
    /// the reference results file person by person: same count, score = total x (keypoints - 1) within 0.1 %.
    /// </summary>
    [Fact]
    public void Paf_decoder_reproduces_the_reference_results_from_the_reference_input()
    {
        var entry = engine.Catalog.Get("openpose-mnv2-368x432");
        var session = engine.Sessions.Get(entry);
        using var binding = session.CreateBinding();
        var decoder = new PafDecoder(PafDecoderOptions.FromCatalog(entry.Decode));
        using var reference = JsonDocument.Parse(File.ReadAllText(TestAssets.Media("eval", "cocoeval_vectors", "bu_openpose__demo.json")));
        var expected = reference.RootElement.EnumerateArray().ToLookup(r => r.GetProperty("image_id").GetInt64(), r => r.GetProperty("score").GetDouble());
        var frame = new PoseFrame();
        var (images, _) = TestImages.EvalSet();
        foreach (var (id, png) in images)
        {
            using var image = TestImages.LoadPng(png);
            var rgb = OpenCvReference.Run("letterbox_cubic", image.Pixels.ToArray(), image.Width, image.Height, 432, 368, 128);
            var tensor = binding.Input<float>(0, [1, 3, 368, 432]);
            for (var i = 0; i < 368 * 432; i++)
            {
                // BGR planes, raw 0..255.
                tensor[i] = rgb[(3 * i) + 2];
                tensor[(368 * 432) + i] = rgb[(3 * i) + 1];
                tensor[(2 * 368 * 432) + i] = rgb[3 * i];
            }

            binding.Run();
            var plan = SamplingPlan.Letterbox(image.Width, image.Height, 432, 368, PadAnchor.Centre);
            frame.Clear();
            decoder.Decode(binding.Output<float>(0), 54, 46, plan.X, plan.Y, frame);
            var scores = frame.Persons.ToArray().Select(p => (double)p.Score).Order().ToArray();
            var want = expected[id].Order().ToArray();
            Assert.True(want.Length == scores.Length, $"image {id}: {scores.Length} persons, reference {want.Length}");
            for (var i = 0; i < want.Length; i++)
            {
                Assert.True(Math.Abs(scores[i] - want[i]) <= 1e-3 * want[i], $"image {id}: score {scores[i]:F4}, reference {want[i]:F4}");
            }
        }
    }

    [Fact]
    public void Batched_openpose_run_equals_batch_1()
    {
        using var pipeline = Create("bottomup-paf");
        Assert.True(pipeline.MaxBatchFrames > 1, "the catalog makes the OpenPose batch dynamic");
        var names = new[] { Person785, "coco_000000196141.png", "ochuman_003799.png" };
        var images = names.Select(n => TestImages.LoadPng(TestAssets.Media("eval", "png", n))).ToArray();
        try
        {
            var single = images.Select(_ => new PoseFrame()).ToArray();
            for (var i = 0; i < images.Length; i++)
            {
                pipeline.Process(images[i], single[i]);
            }

            var batched = images.Select(_ => new PoseFrame()).ToArray();
            pipeline.ProcessBatch(images, batched);
            for (var i = 0; i < images.Length; i++)
            {
                Assert.True(single[i].Count > 0);
                Assert.Equal(single[i].Count, batched[i].Count);
                for (var p = 0; p < single[i].Count; p++)
                {
                    Assert.Equal(single[i].Persons[p].Score, batched[i].Persons[p].Score, 3);
                    for (var k = 0; k < CocoKeypoints.Count; k++)
                    {
                        Assert.Equal(single[i].Persons[p].Keypoints[k].X, batched[i].Persons[p].Keypoints[k].X, 3);
                        Assert.Equal(single[i].Persons[p].Keypoints[k].Y, batched[i].Persons[p].Keypoints[k].Y, 3);
                    }
                }
            }
        }
        finally
        {
            foreach (var image in images)
            {
                image.Dispose();
            }
        }
    }

    [Fact]
    public void Batched_openpose_maps_equal_batch_1_maps()
    {
        var session = engine.Sessions.Get("openpose-mnv2-368x432");
        using var binding = session.CreateBinding();
        var random = new Random(3);
        var frames = new float[3][];
        for (var f = 0; f < frames.Length; f++)
        {
            frames[f] = new float[3 * 368 * 432];
            for (var i = 0; i < frames[f].Length; i++)
            {
                frames[f][i] = random.Next(256);
            }
        }

        var single = new List<float[]>();
        foreach (var frame in frames)
        {
            frame.CopyTo(binding.Input<float>(0, [1, 3, 368, 432]));
            binding.Run();
            single.Add(binding.Output<float>(0).ToArray());
        }

        var input = binding.Input<float>(0, [3, 3, 368, 432]);
        for (var f = 0; f < frames.Length; f++)
        {
            frames[f].CopyTo(input.Slice(f * frames[f].Length));
        }

        binding.Run();
        Assert.Equal([3L, 57, 46, 54], binding.OutputShape(0).ToArray());
        var batched = binding.Output<float>(0);
        var per = single[0].Length;
        for (var f = 0; f < frames.Length; f++)
        {
            var maxDifference = 0f;
            for (var i = 0; i < per; i++)
            {
                maxDifference = MathF.Max(maxDifference, MathF.Abs(batched[(f * per) + i] - single[f][i]));
            }

            Assert.True(maxDifference < 1e-4f, $"frame {f}: max |batched - single| = {maxDifference}");
        }
    }

    [Fact]
    public void MoveNet_multipose_reads_y_before_x()
    {
        using var pipeline = Create("movenet-multipose");
        Assert.Equal(1, pipeline.MaxBatchFrames);
        using var image = TestImages.LoadPng(TestAssets.Media("eval", "png", Person785));
        var frame = new PoseFrame();
        pipeline.Process(image, frame);

        Assert.Equal(6, frame.Count); // personThreshold 0 keeps all candidates
        var best = frame.Persons[0];
        Assert.True(best.Score > 0.5f);
        var distance = TestImages.MeanDistance(GroundTruth(785), best);
        Assert.True(distance < 10, $"mean distance {distance:F1} px");

        // Reading x first would put the keypoints far away.
        var swapped = best;
        for (var k = 0; k < CocoKeypoints.Count; k++)
        {
            var kp = best.Keypoints[k];
            var plan = SamplingPlan.Letterbox(image.Width, image.Height, 448, 256, PadAnchor.Centre);
            var yNorm = plan.Y.ToInput(kp.Y) / 256f;
            var xNorm = plan.X.ToInput(kp.X) / 448f;
            swapped.Keypoints[k] = new Keypoint(plan.X.ToImage(yNorm * 448), plan.Y.ToImage(xNorm * 256), kp.Score);
        }

        Assert.True(TestImages.MeanDistance(GroundTruth(785), swapped) > 50);
        Assert.True(best.Box.Width > 50 && best.Box.Height > 150, $"box {best.Box}");
    }

    [Fact]
    public void MoveNet_person_threshold_comes_from_the_catalog_decode_section()
    {
        using var pipeline = Create("movenet-multipose", "movenet-multipose-256x256", ("personThreshold", "0.3"));
        using var image = TestImages.LoadPng(TestAssets.Media("eval", "png", Person785));
        var frame = new PoseFrame();
        pipeline.Process(image, frame);
        Assert.Equal(1, frame.Count);
        Assert.True(TestImages.MeanDistance(GroundTruth(785), frame.Persons[0]) < 12);
    }

    [Fact]
    public void BodyPix_decodes_the_person_where_the_ground_truth_is()
    {
        using var pipeline = Create("bottomup-bodypix");
        using var image = TestImages.LoadPng(TestAssets.Media("eval", "png", Person785));
        var frame = new PoseFrame();
        pipeline.Process(image, frame);

        Assert.True(frame.Count >= 1);
        var best = frame.Persons[0];
        var distance = TestImages.MeanDistance(GroundTruth(785), best);
        Assert.True(distance < 10, $"mean distance {distance:F1} px");
        Assert.True(best.Score > 0.5f, $"score {best.Score}");
        foreach (var other in frame.Persons[1..])
        {
            Assert.True(other.Score < best.Score);
        }
    }

    [Fact]
    public void Pipelines_refuse_a_model_of_another_family()
    {
        var e = Assert.Throws<ModelCatalogException>(() => Create("bottomup-paf", "movenet-multipose-256x256"));
        Assert.Contains("openpose-paf", e.Message);
    }
}
