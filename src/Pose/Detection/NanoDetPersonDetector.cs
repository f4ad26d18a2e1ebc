using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Pose.Detection;

/// <summary>
/// NanoDet (legacy head) person detector: per stride a sigmoid-ed class map and a distribution-focal box map
/// (softmax over regMax + 1 bins per side, distance = expectation x stride), cell centre <c>x * s + (s - 1) / 2</c>.
/// </summary>
internal sealed class NanoDetPersonDetector : IPersonDetector
{
    private readonly LetterboxedInference _inference;
    private readonly DetectionCandidates _candidates = new();
    private readonly int[] _strides;
    private readonly int[] _classOutputs;
    private readonly int[] _boxOutputs;
    private readonly int _numClasses;
    private readonly int _personClass;
    private readonly int _bins;
    private readonly float _nmsIou;
    private readonly float[] _softmax;

    public NanoDetPersonDetector(ModelEntry model, InferenceSession session)
    {
        Model = model;
        _inference = new LetterboxedInference(model, session);
        _strides = model.Decode.Integers("strides", [8, 16, 32]);
        _numClasses = model.Decode.Integer("numClasses", 80);
        _personClass = model.Decode.Integer("personClass", 0);
        _bins = model.Decode.Integer("regMax", 7) + 1;
        ScoreThreshold = (float)model.Decode.Number("scoreThreshold", 0.35);
        _nmsIou = (float)model.Decode.Number("nmsIou", 0.6);
        _softmax = new float[_bins];
        _classOutputs = _strides.Select(s => session.OutputIndex($"cls_pred_stride_{s}")).ToArray();
        _boxOutputs = _strides.Select(s => session.OutputIndex($"dis_pred_stride_{s}")).ToArray();
    }

    public ModelEntry Model { get; }

    public float ScoreThreshold { get; set; }

    public void Detect(RgbImage image, List<PersonDetection> detections, StageTimer? timer = null)
    {
        var t = StageTimer.Start();
        var plan = _inference.Run(image, timer, ref t);
        _candidates.Clear();

        for (var si = 0; si < _strides.Length; si++)
        {
            var stride = _strides[si];
            var gw = (Model.Input.Width + stride - 1) / stride;
            var classes = _inference.Binding.Output<float>(_classOutputs[si]);
            var boxes = _inference.Binding.Output<float>(_boxOutputs[si]);
            var cells = classes.Length / _numClasses;
            for (var cell = 0; cell < cells; cell++)
            {
                var score = classes[(cell * _numClasses) + _personClass];
                if (score < ScoreThreshold)
                {
                    continue;
                }

                var cx = ((cell % gw) * stride) + (0.5f * (stride - 1));
                var cy = ((cell / gw) * stride) + (0.5f * (stride - 1));
                var dist = boxes.Slice(cell * 4 * _bins, 4 * _bins);
                var left = Expectation(dist[.._bins]) * stride;
                var top = Expectation(dist.Slice(_bins, _bins)) * stride;
                var right = Expectation(dist.Slice(2 * _bins, _bins)) * stride;
                var bottom = Expectation(dist.Slice(3 * _bins, _bins)) * stride;
                _candidates.Add(plan, cx - left, cy - top, cx + right, cy + bottom, score);
            }
        }

        _candidates.KeepBest(_nmsIou, detections);

        timer?.Stop(PipelineStage.Post, t);
    }

    public void Dispose() => _inference.Dispose();

    /// <summary>Expected bin index under a softmax over <paramref name="logits"/>.</summary>
    private float Expectation(ReadOnlySpan<float> logits)
    {
        var p = _softmax.AsSpan(0, logits.Length);
        System.Numerics.Tensors.TensorPrimitives.SoftMax(logits, p);
        var e = 0f;
        for (var i = 0; i < p.Length; i++)
        {
            e += p[i] * i;
        }

        return e;
    }
}
