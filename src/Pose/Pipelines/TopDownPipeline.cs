using PoseCluster.Pose.Detection;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Nms;
using PoseCluster.Pose.TopDown;

namespace PoseCluster.Pose.Pipelines;

/// <summary>
/// Top-down: person detector -> box NMS -> crops of every frame in the batch estimated together (one inference call
/// per crop batch for batch-capable models) -> pose NMS per frame (parallel OKS-NMS by default, classic as the
/// reference-matching mode). Cost grows with the number of people.
/// </summary>
internal sealed class TopDownPipeline : IPosePipeline
{
    private readonly IPersonDetector _detector;
    private readonly ITopDownEstimator _estimator;
    private readonly PipelineOptions _options;
    private readonly IPoseNms _nms;
    private readonly List<PersonDetection> _detections = new(64);
    private readonly RgbImage[] _single = new RgbImage[1];
    private readonly PoseFrame[] _singleOutput = new PoseFrame[1];
    private CropRequest[] _crops = new CropRequest[64];
    private int[] _cropFrame = new int[64];
    private PersonPose[] _poses = new PersonPose[64];

    public TopDownPipeline(string name, IPersonDetector detector, ITopDownEstimator estimator, PipelineOptions options)
    {
        Name = name;
        _detector = detector;
        _estimator = estimator;
        _options = options;
        _nms = IPoseNms.Create(options.Nms);
        if (options.DetectionThreshold is { } threshold)
        {
            _detector.ScoreThreshold = threshold;
        }

        Models = [detector.Model, estimator.Model];
    }

    public string Name { get; }

    public IReadOnlyList<ModelEntry> Models { get; }

    public int MaxBatchFrames => _estimator.MaxBatch > 1 ? 8 : 1;

    public StageTimer Timer { get; } = new();

    public void Process(RgbImage image, PoseFrame output)
    {
        _single[0] = image;
        _singleOutput[0] = output;
        ProcessBatch(_single, _singleOutput);
        _single[0] = null!;
        _singleOutput[0] = null!;
    }

    public void ProcessBatch(IReadOnlyList<RgbImage> images, IReadOnlyList<PoseFrame> outputs)
    {
        if (images.Count != outputs.Count)
        {
            throw new ArgumentException("Every image needs an output frame.", nameof(outputs));
        }

        var count = 0;
        for (var f = 0; f < images.Count; f++)
        {
            var image = images[f];
            PipelineGuards.CheckImage(image, _options.MinImageSize);
            outputs[f].Clear();
            outputs[f].ImageWidth = image.Width;
            outputs[f].ImageHeight = image.Height;

            _detector.Detect(image, _detections, Timer);
            foreach (var d in _detections)
            {
                if (count == _crops.Length)
                {
                    Array.Resize(ref _crops, count * 2);
                    Array.Resize(ref _cropFrame, count * 2);
                    Array.Resize(ref _poses, count * 2);
                }

                _crops[count] = new CropRequest(image, d);
                _cropFrame[count] = f;
                count++;
            }
        }

        _estimator.Estimate(_crops.AsSpan(0, count), _poses.AsSpan(0, count), Timer);

        var t = StageTimer.Start();
        for (var i = 0; i < count; i++)
        {
            outputs[_cropFrame[i]].Add() = _poses[i];
        }

        for (var f = 0; f < outputs.Count; f++)
        {
            _nms.Apply(outputs[f]);
            PipelineGuards.KeepBest(outputs[f], _options.MaxPersons);
        }

        Array.Clear(_crops, 0, count);
        Timer.Stop(PipelineStage.Post, t);
        Timer.CountFrames(images.Count);
    }

    public void Dispose()
    {
        _detector.Dispose();
        _estimator.Dispose();
    }
}
