using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Pose.TopDown;

/// <summary>
/// One person-crop model run for batch-1 top-down models: crop the person per the catalog's <c>cropAspect</c> and
/// <c>cropScale</c>, write the crop per the input contract (float or int32), infer.
/// </summary>
internal sealed class CropInference : IDisposable
{
    private readonly InputTensorWriter _writer;
    private readonly int _inputIndex;
    private readonly long[] _shape;
    private readonly float _aspect;
    private readonly float _scale;

    public CropInference(ModelEntry model, InferenceSession session)
    {
        Model = model;
        Binding = session.CreateBinding();
        _writer = new InputTensorWriter(model.Input);
        _inputIndex = session.InputIndex(model.Input.Name);
        _aspect = (float)model.Decode.Number("cropAspect", (double)model.Input.Width / model.Input.Height);
        _scale = (float)model.Decode.Number("cropScale", 1.25);
        KeypointThreshold = (float)model.Decode.Number("keypointThreshold", 0.2);
        _shape = model.Input.Layout == TensorLayout.Nchw
            ? [1, 3, model.Input.Height, model.Input.Width]
            : [1, model.Input.Height, model.Input.Width, 3];
    }

    /// <summary>The model.</summary>
    public ModelEntry Model { get; }

    /// <summary>The binding whose outputs hold the last run's results.</summary>
    public InferenceBinding Binding { get; }

    /// <summary>Keypoint score above which a keypoint counts in the person score.</summary>
    public float KeypointThreshold { get; }

    /// <summary>Crops, writes and runs one person; returns the plan that maps input pixels back to the image.</summary>
    public SamplingPlan Run(in CropRequest crop, StageTimer? timer, ref long timestamp)
    {
        var plan = PersonCrop.Plan(crop.Person.Box, _aspect, _scale, Model.Input.Width, Model.Input.Height);
        if (Model.Input.ElementType == TensorElementType.Int32)
        {
            _writer.Write(crop.Image, plan, Binding.Input<int>(_inputIndex, _shape));
        }
        else
        {
            _writer.Write(crop.Image, plan, Binding.Input<float>(_inputIndex, _shape));
        }

        timestamp = timer?.Stop(PipelineStage.Pre, timestamp) ?? timestamp;
        Binding.Run();
        timestamp = timer?.Stop(PipelineStage.Inference, timestamp) ?? timestamp;
        return plan;
    }

    public void Dispose() => Binding.Dispose();
}
