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
    private readonly CropInference _inference;
    private readonly int _landmarkOutput;
    private readonly int _flagOutput;
    private readonly int[] _cocoFromLandmarks;

    public BlazePoseLandmarkEstimator(ModelEntry model, InferenceSession session)
    {
        _inference = new CropInference(model, session);
        _landmarkOutput = session.OutputIndex(model.Decode.Text("output", "ld_3d"));
        _flagOutput = session.OutputIndex(model.Decode.Text("flagOutput", "output_poseflag"));
        _cocoFromLandmarks = model.Decode.Integers("cocoFromLandmarks", [0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28]);
        if (_cocoFromLandmarks.Length != CocoKeypoints.Count)
        {
            throw new ModelCatalogException($"Model '{model.Id}': cocoFromLandmarks must list {CocoKeypoints.Count} landmark indices.");
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
            var landmarks = _inference.Binding.Output<float>(_landmarkOutput);
            var flag = _inference.Binding.Output<float>(_flagOutput)[0];
            ref var pose = ref results[i];

            // Results are reused between calls: start from an empty pose so no track state leaks.
            pose = default;
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                var l = landmarks.Slice(_cocoFromLandmarks[k] * 5, 5);
                var visibility = 1f / (1f + MathF.Exp(-l[3]));
                pose.Keypoints[k] = new Keypoint(plan.X.ToImage(l[0]), plan.Y.ToImage(l[1]), visibility * flag);
            }

            pose.Box = crops[i].Person.Box;
            pose.Score = PersonScore.Compute(crops[i].Person.Score, pose.Keypoints, _inference.KeypointThreshold);
            timer?.Stop(PipelineStage.Post, t);
        }
    }

    public void Dispose() => _inference.Dispose();
}
