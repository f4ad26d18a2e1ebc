using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Pose.TopDown;

/// <summary>
/// MoveNet SinglePose on a square crop of each person (int32 NHWC RGB); output (y, x, score) per keypoint normalised
/// to the input. The exported graphs have a fixed batch of 1 (their shape arithmetic is folded), so each crop is
/// one call.
/// </summary>
internal sealed class MoveNetSinglePoseEstimator : ITopDownEstimator
{
    private readonly CropInference _inference;
    private readonly int _outputIndex;

    public MoveNetSinglePoseEstimator(ModelEntry model, InferenceSession session)
    {
        _inference = new CropInference(model, session);
        _outputIndex = session.OutputIndex(model.Decode.Text("output", session.Outputs[0].Name));
        var output = session.Outputs[_outputIndex];
        if (output.Shape.Count != 4 || output.Shape[2] != CocoKeypoints.Count || output.Shape[3] != 3)
        {
            throw new ModelCatalogException(
                $"Model '{model.Id}' does not match its catalog family 'movenet-singlepose': output '{output.Name}' is {output.ShapeText}, expected [1,1,17,3].");
        }
    }

    public ModelEntry Model => _inference.Model;

    public int MaxBatch => 1;

    public void Estimate(ReadOnlySpan<CropRequest> crops, Span<PersonPose> results, StageTimer? timer = null)
    {
        for (var i = 0; i < crops.Length; i++)
        {
            var t = StageTimer.Start();
            var plan = _inference.Run(crops[i], timer, ref t);
            var output = _inference.Binding.Output<float>(_outputIndex);
            ref var pose = ref results[i];

            // Results are reused between calls: start from an empty pose so no track state leaks.
            pose = default;
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                var y = output[k * 3] * Model.Input.Height;
                var x = output[(k * 3) + 1] * Model.Input.Width;
                pose.Keypoints[k] = new Keypoint(plan.X.ToImage(x), plan.Y.ToImage(y), output[(k * 3) + 2]);
            }

            pose.Box = crops[i].Person.Box;
            pose.Score = PersonScore.Compute(crops[i].Person.Score, pose.Keypoints, _inference.KeypointThreshold);
            timer?.Stop(PipelineStage.Post, t);
        }
    }

    public void Dispose() => _inference.Dispose();
}
