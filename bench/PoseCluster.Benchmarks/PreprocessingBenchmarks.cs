using BenchmarkDotNet.Attributes;
using PoseCluster.Pose;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.TopDown;

namespace PoseCluster.Benchmarks;

/// <summary>Pre-processing per frame: letterbox 1280x720 -> 416x416 (YOLOX-nano input) and a batch of 17 person crops (192x256).</summary>
[MemoryDiagnoser]
public class PreprocessingBenchmarks
{
    private RgbImage _frame = null!;
    private InputTensorWriter _letterbox = null!;
    private InputTensorWriter _crop = null!;
    private SamplingPlan _letterboxPlan;
    private SamplingPlan[] _cropPlans = [];
    private float[] _letterboxTensor = [];
    private float[] _cropTensor = [];

    [GlobalSetup]
    public void Setup()
    {
        var catalog = ModelCatalog.Load();
        _frame = BenchmarkAssets.VideoFrame(BenchmarkAssets.CrowdVideo, 100, 1280, 720);
        var detector = catalog.Get("yolox-nano-416").Input;
        _letterbox = new InputTensorWriter(detector);
        _letterboxPlan = SamplingPlan.Letterbox(1280, 720, detector.Width, detector.Height, detector.Anchor);
        _letterboxTensor = new float[_letterbox.ElementsPerImage];

        var pose = catalog.Get("simplepose-256x192");
        _crop = new InputTensorWriter(pose.Input);
        var random = new Random(1);
        _cropPlans = Enumerable.Range(0, 17).Select(_ =>
        {
            var x = random.NextSingle() * 1180;
            var y = random.NextSingle() * 560;
            return PersonCrop.Plan(new BoundingBox(x, y, x + 40 + (random.NextSingle() * 60), y + 80 + (random.NextSingle() * 80)), 0.75f, 1.25f, pose.Input.Width, pose.Input.Height);
        }).ToArray();
        _cropTensor = new float[_crop.ElementsPerImage * _cropPlans.Length];
    }

    [GlobalCleanup]
    public void Cleanup() => _frame.Dispose();

    [Benchmark]
    public void Letterbox1280x720To416() => _letterbox.Write(_frame, _letterboxPlan, _letterboxTensor);

    [Benchmark]
    public void Crops17To192x256()
    {
        var per = _crop.ElementsPerImage;
        for (var i = 0; i < _cropPlans.Length; i++)
        {
            _crop.Write(_frame, _cropPlans[i], _cropTensor.AsSpan(i * per, per));
        }
    }
}
