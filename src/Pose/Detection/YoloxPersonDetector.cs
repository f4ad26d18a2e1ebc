using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Pose.Detection;

/// <summary>
/// YOLOX-family person detector: letterbox (top-left, pad 114, BGR raw), one inference, grid decoding
/// <c>cx = (tx + gx) * s, w = exp(tw) * s</c>, person score = obj x cls[person], greedy IoU NMS.
/// </summary>
internal sealed class YoloxPersonDetector : IPersonDetector
{
    private readonly InferenceBinding _binding;
    private readonly InputTensorWriter _writer;
    private readonly int _inputIndex;
    private readonly int _outputIndex;
    private readonly int[] _strides;
    private readonly int _numClasses;
    private readonly int _personClass;
    private readonly float _nmsIou;
    private readonly long[] _inputShape;
    private PersonDetection[] _candidates = new PersonDetection[256];

    public YoloxPersonDetector(ModelEntry model, InferenceSession session)
    {
        Model = model;
        _binding = session.CreateBinding();
        _writer = new InputTensorWriter(model.Input);
        _inputIndex = session.InputIndex(model.Input.Name);
        _outputIndex = session.OutputIndex(model.Decode.Text("output", session.Outputs[0].Name));
        _strides = model.Decode.Integers("strides", [8, 16, 32]);
        _numClasses = model.Decode.Integer("numClasses", 80);
        _personClass = model.Decode.Integer("personClass", 0);
        ScoreThreshold = (float)model.Decode.Number("scoreThreshold", 0.3);
        _nmsIou = (float)model.Decode.Number("nmsIou", 0.45);
        _inputShape = [1, 3, model.Input.Height, model.Input.Width];

        var output = session.Outputs[_outputIndex];
        var cells = _strides.Sum(s => (model.Input.Width / s) * (model.Input.Height / s));
        if (output.Shape.Count != 3 || (output.Shape[1] > 0 && output.Shape[1] != cells) || (output.Shape[2] > 0 && output.Shape[2] != 5 + _numClasses))
        {
            throw new ModelCatalogException(
                $"Model '{model.Id}' does not match its catalog family 'yolox': output '{output.Name}' is {output.ShapeText}, expected [1,{cells},{5 + _numClasses}].");
        }
    }

    public ModelEntry Model { get; }

    public float ScoreThreshold { get; set; }

    public void Detect(RgbImage image, List<PersonDetection> detections, StageTimer? timer = null)
    {
        var t = StageTimer.Start();
        var plan = SamplingPlan.Letterbox(image.Width, image.Height, Model.Input.Width, Model.Input.Height, Model.Input.Anchor);
        _writer.Write(image, plan, _binding.Input<float>(_inputIndex, _inputShape));
        t = timer?.Stop(PipelineStage.Pre, t) ?? t;

        _binding.Run();
        t = timer?.Stop(PipelineStage.Inference, t) ?? t;

        var output = _binding.Output<float>(_outputIndex);
        var rowLength = 5 + _numClasses;
        var count = 0;
        var row = 0;
        foreach (var stride in _strides)
        {
            var gw = Model.Input.Width / stride;
            var gh = Model.Input.Height / stride;
            for (var gy = 0; gy < gh; gy++)
            {
                for (var gx = 0; gx < gw; gx++, row++)
                {
                    var r = output.Slice(row * rowLength, rowLength);
                    var score = r[4] * r[5 + _personClass];
                    if (score < ScoreThreshold)
                    {
                        continue;
                    }

                    var cx = (r[0] + gx) * stride;
                    var cy = (r[1] + gy) * stride;
                    var w = MathF.Exp(r[2]) * stride;
                    var h = MathF.Exp(r[3]) * stride;
                    var box = new BoundingBox(
                        plan.X.ToImage(cx - (w * 0.5f)),
                        plan.Y.ToImage(cy - (h * 0.5f)),
                        plan.X.ToImage(cx + (w * 0.5f)),
                        plan.Y.ToImage(cy + (h * 0.5f)));
                    if (count == _candidates.Length)
                    {
                        Array.Resize(ref _candidates, count * 2);
                    }

                    _candidates[count++] = new PersonDetection(box, score);
                }
            }
        }

        var kept = BoxNms.Apply(_candidates.AsSpan(0, count), _nmsIou);
        detections.Clear();
        for (var i = 0; i < kept; i++)
        {
            detections.Add(_candidates[i]);
        }

        timer?.Stop(PipelineStage.Post, t);
    }

    public void Dispose() => _binding.Dispose();
}
