using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Pose.TopDown;

/// <summary>
/// BlazePose GHUM landmark model on a square crop of each person: 39 landmarks x (x, y, z, visibility logit,
/// presence logit) in input pixels; the 17 COCO keypoints are picked by the catalog's <c>cocoFromLandmarks</c> table and
/// scored by sigmoid(visibility) x the pose-presence flag.
/// </summary>
internal sealed class BlazePoseLandmarkEstimator : ITopDownEstimator
{
    private readonly InferenceBinding _binding;
    private readonly InputTensorWriter _writer;
    private readonly int _inputIndex;
    private readonly int _landmarkOutput;
    private readonly int _flagOutput;
    private readonly int[] _cocoFromLandmarks;
    private readonly float _aspect;
    private readonly float _scale;
    private readonly float _keypointThreshold;
    private readonly long[] _shape;

    public BlazePoseLandmarkEstimator(ModelEntry model, InferenceSession session)
    {
        Model = model;
        _binding = session.CreateBinding();
        _writer = new InputTensorWriter(model.Input);
        _inputIndex = session.InputIndex(model.Input.Name);
        _landmarkOutput = session.OutputIndex(model.Decode.Text("output", "ld_3d"));
        _flagOutput = session.OutputIndex(model.Decode.Text("flagOutput", "output_poseflag"));
        _cocoFromLandmarks = model.Decode.Integers("cocoFromLandmarks", [0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28]);
        if (_cocoFromLandmarks.Length != CocoKeypoints.Count)
        {
            throw new ModelCatalogException($"Model '{model.Id}': cocoFromLandmarks must list {CocoKeypoints.Count} landmark indices.");
        }

        _aspect = (float)model.Decode.Number("cropAspect", 1.0);
        _scale = (float)model.Decode.Number("cropScale", 1.25);
        _keypointThreshold = (float)model.Decode.Number("keypointThreshold", 0.2);
        _shape = [1, model.Input.Height, model.Input.Width, 3];
    }

    public ModelEntry Model { get; }

    public int MaxBatch => 1;

    public void Estimate(ReadOnlySpan<CropRequest> crops, Span<PersonPose> results, StageTimer? timer = null)
    {
        for (var i = 0; i < crops.Length; i++)
        {
            var t = StageTimer.Start();
            var plan = PersonCrop.Plan(crops[i].Person.Box, _aspect, _scale, Model.Input.Width, Model.Input.Height);
            _writer.Write(crops[i].Image, plan, _binding.Input<float>(_inputIndex, _shape));
            t = timer?.Stop(PipelineStage.Pre, t) ?? t;
            _binding.Run();
            t = timer?.Stop(PipelineStage.Inference, t) ?? t;

            var landmarks = _binding.Output<float>(_landmarkOutput);
            var flag = _binding.Output<float>(_flagOutput)[0];
            ref var pose = ref results[i];
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                var l = landmarks.Slice(_cocoFromLandmarks[k] * 5, 5);
                var visibility = 1f / (1f + MathF.Exp(-l[3]));
                pose.Keypoints[k] = new Keypoint(plan.X.ToImage(l[0]), plan.Y.ToImage(l[1]), visibility * flag);
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
