using BenchmarkDotNet.Attributes;
using PoseCluster.Pose;
using PoseCluster.Pose.BottomUp;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;

namespace PoseCluster.Benchmarks;

/// <summary>
/// PAF post-processing (heatmap upsampling + peaks + grouping) on real model outputs of a crowd-video frame, saved at
/// setup by running OpenPose-MNv2: at the catalog input 432x368 (the model finds 11 of the 40-60 small people), and with
/// the same fully convolutional model given a larger fixed input by python3-onnx: 864x480 (33 people) and 1280x736
/// (48 people).
/// </summary>
[MemoryDiagnoser]
public class PafPostProcessingBenchmarks
{
    private readonly PoseFrame _frame = new(128);
    private float[] _small = [];
    private float[] _medium = [];
    private float[] _large = [];
    private PafDecoder _x4 = null!;
    private PafDecoder _x4Linear = null!;
    private PafDecoder _full = null!;
    private AxisMap _smallX, _smallY, _mediumX, _mediumY, _largeX, _largeY;

    [GlobalSetup]
    public void Setup()
    {
        using var sessions = BenchmarkAssets.Sessions(threads: 2);
        var entry = sessions.Catalog.Get("openpose-mnv2-368x432");
        using var image = BenchmarkAssets.VideoFrame(BenchmarkAssets.CrowdVideo, 100, 1280, 720);
        (_small, _smallX, _smallY) = RunModel(sessions.Get(entry), entry, image, 432, 368);

        (_medium, _mediumX, _mediumY) = RunResized(sessions, entry, image, 864, 480);
        (_large, _largeX, _largeY) = RunResized(sessions, entry, image, 1280, 736);

        var options = PafDecoderOptions.FromCatalog(entry.Decode);
        _x4 = new PafDecoder(options);
        _x4Linear = new PafDecoder(options with { PafInterpolation = MapInterpolation.Linear });
        _full = new PafDecoder(options with { Upsample = 0 });
        Console.WriteLine($"// crowd frame: 432x368 -> {Count(_x4, _small, 54, 46, _smallX, _smallY)} people; 864x480 -> {Count(_x4, _medium, 108, 60, _mediumX, _mediumY)} people; 1280x736 -> {Count(_x4, _large, 160, 92, _largeX, _largeY)} people, {_x4.PeakCount} peaks");
    }

    [Benchmark]
    public int Crowd432x368_x4() => Decode(_x4, _small, 54, 46, _smallX, _smallY);

    [Benchmark]
    public int Crowd864x480_x4() => Decode(_x4, _medium, 108, 60, _mediumX, _mediumY);

    [Benchmark]
    public int Crowd1280x736_x4() => Decode(_x4, _large, 160, 92, _largeX, _largeY);

    [Benchmark]
    public int Crowd1280x736_x4_LinearPaf() => Decode(_x4Linear, _large, 160, 92, _largeX, _largeY);

    [Benchmark]
    public int Crowd1280x736_x4_PeaksOnly()
    {
        _x4.FindPeaks(_large, 160, 92);
        return _x4.PeakCount;
    }

    [Benchmark]
    public int Crowd1280x736_FullResolution() => Decode(_full, _large, 160, 92, _largeX, _largeY);

    private int Decode(PafDecoder decoder, float[] maps, int width, int height, AxisMap x, AxisMap y)
    {
        _frame.Clear();
        decoder.Decode(maps, width, height, x, y, _frame);
        return _frame.Count;
    }

    private int Count(PafDecoder decoder, float[] maps, int width, int height, AxisMap x, AxisMap y) => Decode(decoder, maps, width, height, x, y);

    private static (float[] Maps, AxisMap X, AxisMap Y) RunResized(ModelSessionCache sessions, ModelEntry entry, RgbImage image, int width, int height)
    {
        var resized = Path.Combine(BenchmarkAssets.TempDirectory(), $"openpose_{height}x{width}.onnx");
        BenchmarkAssets.Python("model_tools.py", "resize", sessions.Catalog.PathOf(entry), resized, height.ToString(System.Globalization.CultureInfo.InvariantCulture), width.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var session = sessions.Runtime.CreateSession(resized, sessions.Options);
        return RunModel(session, entry, image, width, height);
    }

    private static (float[] Maps, AxisMap X, AxisMap Y) RunModel(PoseCluster.Pose.Onnx.InferenceSession session, ModelEntry entry, RgbImage image, int width, int height)
    {
        var contract = entry.Input with { Width = width, Height = height, Batch = BatchMode.Fixed };
        var writer = new InputTensorWriter(contract);
        var plan = SamplingPlan.Letterbox(image.Width, image.Height, width, height, contract.Anchor);
        using var binding = session.CreateBinding();
        writer.Write(image, plan, binding.Input<float>(0, [1, 3, height, width]));
        binding.Run();
        return (binding.Output<float>(0).ToArray(), plan.X, plan.Y);
    }
}
