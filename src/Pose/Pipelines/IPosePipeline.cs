using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;

namespace PoseCluster.Pose.Pipelines;

/// <summary>
/// Turns images into COCO-17 poses. Every pipeline — top-down or bottom-up — fills the same <see cref="PoseFrame"/>.
/// An instance holds per-thread scratch and must be used by one thread at a time; model sessions are shared between
/// instances, so a node runs one instance per worker thread.
/// </summary>
public interface IPosePipeline : IDisposable
{
    /// <summary>The pipeline's name (e.g. <c>topdown</c>, <c>bottomup-paf</c>).</summary>
    string Name { get; }

    /// <summary>The catalog models this pipeline runs.</summary>
    IReadOnlyList<ModelEntry> Models { get; }

    /// <summary>
    /// How many frames one <see cref="ProcessBatch"/> call can usefully combine (frames whose work shares inference
    /// calls, e.g. the crops of several cameras in one batch); 1 when nothing is shared.
    /// </summary>
    int MaxBatchFrames { get; }

    /// <summary>Per-stage time spent by this instance.</summary>
    StageTimer Timer { get; }

    /// <summary>Estimates the poses in <paramref name="image"/> into <paramref name="output"/> (its persons are replaced).</summary>
    void Process(RgbImage image, PoseFrame output);

    /// <summary>Processes several frames (e.g. of different cameras) together; outputs[i] receives images[i]'s poses.</summary>
    void ProcessBatch(IReadOnlyList<RgbImage> images, IReadOnlyList<PoseFrame> outputs);
}
