using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Pose.TopDown;

/// <summary>
/// Heatmap-family top-down estimator (SimpleBaseline/HRNet/EfficientNet-deconvolution style): affine crops packed
/// into one batched tensor, one inference call per batch, each of the 17 heatmaps decoded by argmax, quarter offset
/// or DARK, heatmap cell x mapped to crop pixel <c>stride * x</c> and back to the image.
/// </summary>
internal sealed class HeatmapPoseEstimator : ITopDownEstimator
{
    private readonly InferenceBinding _binding;
    private readonly InputTensorWriter _writer;
    private readonly HeatmapDecoder _decoder;
    private readonly int _inputIndex;
    private readonly int _outputIndex;
    private readonly float _aspect;
    private readonly float _scale;
    private readonly float _keypointThreshold;
    private readonly long[] _shape;
    private SamplingPlan[] _plans;

    public HeatmapPoseEstimator(ModelEntry model, InferenceSession session, HeatmapDecoding decoding, bool darkGuard, int maxBatch)
    {
        Model = model;
        _binding = session.CreateBinding();
        _writer = new InputTensorWriter(model.Input);
        _decoder = new HeatmapDecoder(decoding, darkGuard);
        _inputIndex = session.InputIndex(model.Input.Name);
        _outputIndex = session.OutputIndex(model.Decode.Text("output", session.Outputs[0].Name));
        _aspect = (float)model.Decode.Number("cropAspect", (double)model.Input.Width / model.Input.Height);
        _scale = (float)model.Decode.Number("cropScale", 1.25);
        _keypointThreshold = (float)model.Decode.Number("keypointThreshold", 0.2);
        MaxBatch = model.Input.Batch == BatchMode.Dynamic ? Math.Max(1, maxBatch) : 1;
        _shape = [1, 3, model.Input.Height, model.Input.Width];
        _plans = new SamplingPlan[MaxBatch];

        var output = session.Outputs[_outputIndex];
        if (output.Shape.Count != 4 || (output.Shape[1] > 0 && output.Shape[1] != CocoKeypoints.Count))
        {
            throw new ModelCatalogException(
                $"Model '{model.Id}' does not match its catalog family 'heatmap': output '{output.Name}' is {output.ShapeText}, expected [N,17,H,W].");
        }
    }

    public ModelEntry Model { get; }

    public int MaxBatch { get; }

    public void Estimate(ReadOnlySpan<CropRequest> crops, Span<PersonPose> results, StageTimer? timer = null)
    {
        for (var start = 0; start < crops.Length; start += MaxBatch)
        {
            var n = Math.Min(MaxBatch, crops.Length - start);
            RunBatch(crops.Slice(start, n), results.Slice(start, n), timer);
        }
    }

    public void Dispose() => _binding.Dispose();

    private void RunBatch(ReadOnlySpan<CropRequest> crops, Span<PersonPose> results, StageTimer? timer)
    {
        var t = StageTimer.Start();
        _shape[0] = crops.Length;
        var tensor = _binding.Input<float>(_inputIndex, _shape);
        var perImage = _writer.ElementsPerImage;
        for (var i = 0; i < crops.Length; i++)
        {
            _plans[i] = PersonCrop.Plan(crops[i].Person.Box, _aspect, _scale, Model.Input.Width, Model.Input.Height);
            _writer.Write(crops[i].Image, _plans[i], tensor.Slice(i * perImage, perImage));
        }

        t = timer?.Stop(PipelineStage.Pre, t) ?? t;
        _binding.Run();
        t = timer?.Stop(PipelineStage.Inference, t) ?? t;

        var shape = _binding.OutputShape(_outputIndex);
        var hmH = (int)shape[2];
        var hmW = (int)shape[3];
        var strideX = (float)Model.Input.Width / hmW;
        var strideY = (float)Model.Input.Height / hmH;
        var output = _binding.Output<float>(_outputIndex);
        var perMap = hmW * hmH;
        for (var i = 0; i < crops.Length; i++)
        {
            ref var pose = ref results[i];

            // Results are reused between calls: start from an empty pose so no track state leaks.
            pose = default;
            var plan = _plans[i];
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                var peak = _decoder.Decode(output.Slice(((i * CocoKeypoints.Count) + k) * perMap, perMap), hmW, hmH);
                pose.Keypoints[k] = new Keypoint(plan.X.ToImage(peak.X * strideX), plan.Y.ToImage(peak.Y * strideY), peak.Value);
            }

            pose.Box = crops[i].Person.Box;
            pose.Score = PersonScore.Compute(crops[i].Person.Score, pose.Keypoints, _keypointThreshold);
            pose.TrackState = default;
            pose.TrackAge = 0;
        }

        timer?.Stop(PipelineStage.Post, t);
    }
}
