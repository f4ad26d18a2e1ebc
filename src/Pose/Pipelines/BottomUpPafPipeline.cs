using PoseCluster.Pose.BottomUp;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.Pose.Pipelines;

/// <summary>
/// Bottom-up with part affinity fields (<c>openpose-paf</c> family): the whole frame letterboxed into the model, one
/// output of heatmaps + fields at a stride, decoded by <see cref="PafDecoder"/>. Frames of several cameras share one
/// inference call when the catalog entry's batch is dynamic.
/// </summary>
internal sealed class BottomUpPafPipeline : SingleModelPipeline
{
    private readonly PafDecoder _decoder;
    private readonly int _outputIndex;

    public BottomUpPafPipeline(string name, ModelEntry model, InferenceSession session, PipelineOptions options)
        : base(name, model, session, options)
    {
        var decodeOptions = PafDecoderOptions.FromCatalog(model.Decode);
        _decoder = new PafDecoder(decodeOptions);
        _outputIndex = decodeOptions.Output is { } output ? session.OutputIndex(output) : 0;
        var shape = session.Outputs[_outputIndex].Shape;
        if (shape.Count != 4)
        {
            throw new ModelCatalogException(
                $"Model '{model.Id}' does not match its catalog family 'openpose-paf': output '{session.Outputs[_outputIndex].Name}' is {session.Outputs[_outputIndex].ShapeText}, expected [N,C,H,W].");
        }
    }

    /// <summary>The decoder (exposed for diagnostics).</summary>
    public PafDecoder Decoder => _decoder;

    protected override void Decode(int index, in SamplingPlan plan, PoseFrame output)
    {
        var shape = Binding.OutputShape(_outputIndex);
        var channels = (int)shape[1];
        var height = (int)shape[2];
        var width = (int)shape[3];
        var perImage = channels * height * width;
        var maps = Binding.Output<float>(_outputIndex).Slice(index * perImage, perImage);
        _decoder.Decode(maps, width, height, plan.X, plan.Y, output);
    }
}
