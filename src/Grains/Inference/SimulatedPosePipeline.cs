using System.Diagnostics;
using PoseCluster.Pose;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Grains.Inference;

/// <summary>
/// A stand-in pipeline for scale-out benchmarks on small machines: it costs a fixed time per frame (sleeping, so
/// that several silos on one machine do not fight over the cores) and finds no persons. Selected by the silo's
/// simulated-cost option.
/// </summary>
public sealed class SimulatedPosePipeline : IPosePipeline
{
    private readonly TimeSpan _costPerFrame;

    /// <summary>Creates a pipeline named <paramref name="name"/> costing <paramref name="costPerFrame"/> per frame.</summary>
    public SimulatedPosePipeline(string name, TimeSpan costPerFrame)
    {
        Name = name;
        _costPerFrame = costPerFrame;
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
        }

        var cost = _costPerFrame * images.Count;
        if (cost > TimeSpan.Zero)
        {
            Thread.Sleep(cost);
        }

        Timer.Stop(PipelineStage.Inference, start);
        Timer.CountFrames(images.Count);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
