using PoseCluster.Pose.BottomUp;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.Pose.Pipelines;

/// <summary>
/// BodyPix/PoseNet multi-person (<c>bodypix</c> family): NHWC float input of size 16k+1 (the letterboxed frame),
/// heatmap logits, short offsets and mid-range displacements at the output stride, decoded by
/// <see cref="PoseNetDecoder"/>. The segmentation outputs are computed by the model but not read. The converted graphs
/// use Shape/Reshape on the input, so frames run one per call.
/// </summary>
internal sealed class BodyPixPipeline : SingleModelPipeline
{
    private readonly PoseNetDecoder _decoder;
    private readonly int _heatmaps;
    private readonly int _offsets;
    private readonly int _forward;
    private readonly int _backward;

    public BodyPixPipeline(string name, ModelEntry model, InferenceSession session, PipelineOptions options)
        : base(name, model, session, options)
    {
        var decode = PoseNetDecoderOptions.FromCatalog(model.Decode);
        if (model.Input.SizeRule == "16k+1" && ((model.Input.Width - 1) % 16 != 0 || (model.Input.Height - 1) % 16 != 0))
        {
            throw new ModelCatalogException($"Model '{model.Id}': input {model.Input.Width}x{model.Input.Height} breaks its size rule 16k+1.");
        }

        _decoder = new PoseNetDecoder(decode);
        _heatmaps = session.OutputIndex(decode.HeatmapsOutput);
        _offsets = session.OutputIndex(decode.OffsetsOutput);
        _forward = session.OutputIndex(decode.DisplacementFwdOutput);
        _backward = session.OutputIndex(decode.DisplacementBwdOutput);
    }

    protected override void Decode(int index, in SamplingPlan plan, PoseFrame output)
    {
        var shape = Binding.OutputShape(_heatmaps);
        var height = (int)shape[1];
        var width = (int)shape[2];
        _decoder.Decode(
            Slice(_heatmaps, index), Slice(_offsets, index), Slice(_forward, index), Slice(_backward, index), width, height);
        for (var p = 0; p < _decoder.PoseCount; p++)
        {
            ref var person = ref output.Add();
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                var part = _decoder.Part(p, k);
                person.Keypoints[k] = new Keypoint(plan.X.ToImage(part.X), plan.Y.ToImage(part.Y), part.Score);
            }

            person.Box = BoundingBox.Around(person.Keypoints);
            person.Score = _decoder.Score(p);
            person.TrackId = 0;
        }
    }

    private ReadOnlySpan<float> Slice(int output, int index)
    {
        var all = Binding.Output<float>(output);
        var shape = Binding.OutputShape(output);
        var per = all.Length / (int)shape[0];
        return all.Slice(index * per, per);
    }
}
