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
    private readonly LetterboxedInference _inference;
    private readonly DetectionCandidates _candidates = new();
    private readonly int _outputIndex;
    private readonly int[] _strides;
    private readonly int _numClasses;
    private readonly int _personClass;
    private readonly float _nmsIou;

    public YoloxPersonDetector(ModelEntry model, InferenceSession session)
    {
        Model = model;
        _inference = new LetterboxedInference(model, session);
        _outputIndex = session.OutputIndex(model.Decode.Text("output", session.Outputs[0].Name));
        _strides = model.Decode.Integers("strides", [8, 16, 32]);
        _numClasses = model.Decode.Integer("numClasses", 80);
        _personClass = model.Decode.Integer("personClass", 0);
        ScoreThreshold = (float)model.Decode.Number("scoreThreshold", 0.3);
        _nmsIou = (float)model.Decode.Number("nmsIou", 0.45);

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
        var plan = _inference.Run(image, timer, ref t);
        _candidates.Clear();

        var output = _inference.Binding.Output<float>(_outputIndex);
        var rowLength = 5 + _numClasses;
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
                    _candidates.Add(plan, cx - (w * 0.5f), cy - (h * 0.5f), cx + (w * 0.5f), cy + (h * 0.5f), score);
                }
            }
        }

        _candidates.KeepBest(_nmsIou, detections);

        timer?.Stop(PipelineStage.Post, t);
    }

    public void Dispose() => _inference.Dispose();
}
