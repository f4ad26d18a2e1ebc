using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.Pose.Pipelines;

/// <summary>WIP.</summary>
internal sealed class AssociativeEmbeddingPipeline(string name, ModelEntry model, InferenceSession session, PipelineOptions options) : SingleModelPipeline(name, model, session, options)
{
    protected override void Decode(int index, in SamplingPlan plan, PoseFrame output) => throw new NotSupportedException();
}
