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
    private readonly InferenceBinding _binding;
    private readonly InputTensorWriter _writer;
    private readonly int _inputIndex;
    private readonly int _outputIndex;
    private readonly float _aspect;
    private readonly float _scale;
    private readonly float _keypointThreshold;
    private readonly long[] _shape;

    public MoveNetSinglePoseEstimator(ModelEntry model, InferenceSession session)
    {
        Model = model;
        _binding = session.CreateBinding();
        _writer = new InputTensorWriter(model.Input);
        _inputIndex = session.InputIndex(model.Input.Name);
        _outputIndex = session.OutputIndex(model.Decode.Text("output", session.Outputs[0].Name));
        _aspect = (float)model.Decode.Number("cropAspect", 1.0);
        _scale = (float)model.Decode.Number("cropScale", 1.25);
        _keypointThreshold = (float)model.Decode.Number("keypointThreshold", 0.2);
        _shape = [1, model.Input.Height, model.Input.Width, 3];
        var output = session.Outputs[_outputIndex];
        if (output.Shape.Count != 4 || output.Shape[2] != CocoKeypoints.Count || output.Shape[3] != 3)
        {
            throw new ModelCatalogException(
                $"Model '{model.Id}' does not match its catalog family 'movenet-singlepose': output '{output.Name}' is {output.ShapeText}, expected [1,1,17,3].");
        }
    }

    public ModelEntry Model { get; }

    public int MaxBatch => 1;

    public void Estimate(ReadOnlySpan<CropRequest> crops, Span<PersonPose> results, StageTimer? timer = null)
    {
        for (var i = 0; i < crops.Length; i++)
        {
            var t = StageTimer.Start();
            var plan = PersonCrop.Plan(crops[i].Person.Box, _aspect, _scale, Model.Input.Width, Model.Input.Height);
            if (Model.Input.ElementType == TensorElementType.Int32)
            {
                _writer.Write(crops[i].Image, plan, _binding.Input<int>(_inputIndex, _shape));
            }
            else
            {
                _writer.Write(crops[i].Image, plan, _binding.Input<float>(_inputIndex, _shape));
            }

            t = timer?.Stop(PipelineStage.Pre, t) ?? t;
            _binding.Run();
            t = timer?.Stop(PipelineStage.Inference, t) ?? t;

            var output = _binding.Output<float>(_outputIndex);
            ref var pose = ref results[i];
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                var y = output[k * 3] * Model.Input.Height;
                var x = output[(k * 3) + 1] * Model.Input.Width;
                pose.Keypoints[k] = new Keypoint(plan.X.ToImage(x), plan.Y.ToImage(y), output[(k * 3) + 2]);
            }

            pose.Box = crops[i].Person.Box;
            pose.Score = PersonScore.Compute(crops[i].Person.Score, pose.Keypoints, _keypointThreshold);
            pose.TrackId = 0;
            pose.TrackState = default;
            pose.TrackAge = 0;
            timer?.Stop(PipelineStage.Post, t);
        }
    }

    public void Dispose() => _binding.Dispose();
}
