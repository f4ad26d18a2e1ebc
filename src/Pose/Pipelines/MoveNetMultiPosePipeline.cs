using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.Pose.Pipelines;

/// <summary>
/// MoveNet MultiPose (<c>movenet-multipose</c> family): int32 NHWC RGB letterboxed frame in, [1, 6, 56] out — per
/// candidate 17 x (y, x, score) (y first), box (ymin, xmin, ymax, xmax) and person score, all normalised to the input.
/// Candidates with a person score below the catalog's <c>personThreshold</c> (default 0: all 6 kept) are dropped.
/// The exported graphs fold their shape arithmetic for batch 1, so every frame is its own call.
/// </summary>
internal sealed class MoveNetMultiPosePipeline : SingleModelPipeline
{
    private const int Values = (CocoKeypoints.Count * 3) + 5;

    private readonly int _outputIndex;
    private readonly float _threshold;

    public MoveNetMultiPosePipeline(string name, ModelEntry model, InferenceSession session, PipelineOptions options)
        : base(name, model, session, options)
    {
        _outputIndex = session.OutputIndex(model.Decode.Text("output", session.Outputs[0].Name));
        _threshold = (float)model.Decode.Number("personThreshold", 0.0);
        var output = session.Outputs[_outputIndex];
        if (output.Shape.Count != 3 || output.Shape[2] != Values)
        {
            throw new ModelCatalogException(
                $"Model '{model.Id}' does not match its catalog family 'movenet-multipose': output '{output.Name}' is {output.ShapeText}, expected [1,N,{Values}].");
        }
    }

    protected override void Decode(int index, in SamplingPlan plan, PoseFrame output)
    {
        var shape = Binding.OutputShape(_outputIndex);
        var candidates = (int)shape[1];
        var data = Binding.Output<float>(_outputIndex).Slice(index * candidates * Values, candidates * Values);
        float h = Model.Input.Height, w = Model.Input.Width;
        for (var p = 0; p < candidates; p++)
        {
            var row = data.Slice(p * Values, Values);
            var score = row[Values - 1];
            if (score < _threshold)
            {
                continue;
            }

            ref var person = ref output.Add();
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                // y first, then x, both normalised to the input size.
                var y = row[3 * k] * h;
                var x = row[(3 * k) + 1] * w;
                person.Keypoints[k] = new Keypoint(plan.X.ToImage(x), plan.Y.ToImage(y), row[(3 * k) + 2]);
            }

            var box = row.Slice(CocoKeypoints.Count * 3, 4);
            person.Box = new BoundingBox(plan.X.ToImage(box[1] * w), plan.Y.ToImage(box[0] * h), plan.X.ToImage(box[3] * w), plan.Y.ToImage(box[2] * h));
            person.Score = score;
            person.TrackId = 0;
        }
    }
}
