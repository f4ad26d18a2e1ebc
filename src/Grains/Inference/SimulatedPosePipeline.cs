using System.Diagnostics;
using PoseCluster.Pose;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Grains.Inference;

/// <summary>
/// A stand-in pipeline for scale-out benchmarks on small machines: it costs a fixed time per frame (sleeping, so
/// that several silos on one machine do not fight over the cores) and finds no persons, or, with a
/// <see cref="SimulatedScene"/>, the persons of that scripted scene at the time since the pipeline started. Selected
/// by the silo's simulated-cost and simulated-scene options.
/// </summary>
public sealed class SimulatedPosePipeline : IPosePipeline
{
    private readonly TimeSpan _costPerFrame;
    private readonly SimulatedScene? _scene;
    private readonly long _start = Stopwatch.GetTimestamp();

    /// <summary>Creates a pipeline named <paramref name="name"/> costing <paramref name="costPerFrame"/> per frame, reporting <paramref name="scene"/> when given.</summary>
    public SimulatedPosePipeline(string name, TimeSpan costPerFrame, SimulatedScene? scene = null)
    {
        Name = name;
        _costPerFrame = costPerFrame;
        _scene = scene;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<ModelEntry> Models => [];

    /// <inheritdoc />
    public int MaxBatchFrames => 64;

    /// <inheritdoc />
    public StageTimer Timer { get; } = new();

    /// <inheritdoc />
    public void Process(RgbImage image, PoseFrame output) => ProcessBatch([image], [output]);

    /// <inheritdoc />
    public void ProcessBatch(IReadOnlyList<RgbImage> images, IReadOnlyList<PoseFrame> outputs)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < images.Count; i++)
        {
            outputs[i].Clear();
            outputs[i].ImageWidth = images[i].Width;
            outputs[i].ImageHeight = images[i].Height;
            if (_scene is { } scene)
            {
                WriteScene(scene, images[i], outputs[i]);
            }
        }

        var cost = _costPerFrame * images.Count;
        if (cost > TimeSpan.Zero)
        {
            Thread.Sleep(cost);
        }

        Timer.Stop(PipelineStage.Inference, start);
        Timer.CountFrames(images.Count);
    }

    private void WriteScene(SimulatedScene scene, RgbImage image, PoseFrame output)
    {
        var seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds % scene.LoopSeconds;
        var generator = scene.Generator;
        lock (scene)
        {
            output.CopyFrom(generator.Generate((long)(seconds * generator.Options.Fps)).Detections);
        }

        // The scene is drawn for its own camera's image size; scaled to this frame's pixels, the poses line up with the
        // frame as a model's would (normalised coordinates, hence calibrations, are unchanged).
        var sx = (float)image.Width / generator.Width;
        var sy = (float)image.Height / generator.Height;
        foreach (ref var person in output.Persons)
        {
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                var p = person.Keypoints[k];
                person.Keypoints[k] = new Keypoint(p.X * sx, p.Y * sy, p.Score);
            }

            var b = person.Box;
            person.Box = new BoundingBox(b.X1 * sx, b.Y1 * sy, b.X2 * sx, b.Y2 * sy);
        }

        output.ImageWidth = image.Width;
        output.ImageHeight = image.Height;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
