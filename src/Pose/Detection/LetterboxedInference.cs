using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Pose.Detection;

/// <summary>One whole-frame model run: letterbox the image into the model's input per its contract, then infer.</summary>
internal sealed class LetterboxedInference : IDisposable
{
    private readonly InputTensorWriter _writer;
    private readonly int _inputIndex;
    private readonly long[] _shape;

    public LetterboxedInference(ModelEntry model, InferenceSession session)
    {
        Model = model;
        Binding = session.CreateBinding();
        _writer = new InputTensorWriter(model.Input);
        _inputIndex = session.InputIndex(model.Input.Name);
        _shape = model.Input.Layout == TensorLayout.Nchw
            ? [1, 3, model.Input.Height, model.Input.Width]
            : [1, model.Input.Height, model.Input.Width, 3];
    }

    /// <summary>The model.</summary>
    public ModelEntry Model { get; }

    /// <summary>The binding whose outputs hold the last run's results.</summary>
    public InferenceBinding Binding { get; }

    /// <summary>Pre-processes and runs <paramref name="image"/>; returns the letterbox plan that maps outputs back.</summary>
    public SamplingPlan Run(RgbImage image, StageTimer? timer, ref long timestamp)
    {
        var plan = SamplingPlan.Letterbox(image.Width, image.Height, Model.Input.Width, Model.Input.Height, Model.Input.Anchor);
        if (Model.Input.ElementType == TensorElementType.Int32)
        {
            _writer.Write(image, plan, Binding.Input<int>(_inputIndex, _shape));
        }
        else
        {
            _writer.Write(image, plan, Binding.Input<float>(_inputIndex, _shape));
        }

        timestamp = timer?.Stop(PipelineStage.Pre, timestamp) ?? timestamp;
        Binding.Run();
        timestamp = timer?.Stop(PipelineStage.Inference, timestamp) ?? timestamp;
        return plan;
    }

    public void Dispose() => Binding.Dispose();
}
