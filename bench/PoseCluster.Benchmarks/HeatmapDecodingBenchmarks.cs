using BenchmarkDotNet.Attributes;
using PoseCluster.Pose.TopDown;

namespace PoseCluster.Benchmarks;

/// <summary>Decoding the 17 heatmaps (64x48) of one top-down crop: DARK versus argmax.</summary>
[MemoryDiagnoser]
public class HeatmapDecodingBenchmarks
{
    private const int W = 48, H = 64, K = 17;
    private readonly HeatmapDecoder _dark = new(HeatmapDecoding.Dark);
    private readonly HeatmapDecoder _argmax = new(HeatmapDecoding.Argmax);
    private float[] _maps = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _maps = new float[K * W * H];
        for (var k = 0; k < K; k++)
        {
            var cx = 6 + (random.NextSingle() * (W - 12));
            var cy = 6 + (random.NextSingle() * (H - 12));
            for (var y = 0; y < H; y++)
            {
                for (var x = 0; x < W; x++)
                {
                    _maps[(k * W * H) + (y * W) + x] = (0.8f * MathF.Exp(-(((x - cx) * (x - cx)) + ((y - cy) * (y - cy))) / 8f)) + (0.01f * random.NextSingle());
                }
            }
        }
    }

    [Benchmark]
    public float Dark17() => Decode(_dark);

    [Benchmark(Baseline = true)]
    public float Argmax17() => Decode(_argmax);

    private float Decode(HeatmapDecoder decoder)
    {
        var sum = 0f;
        for (var k = 0; k < K; k++)
        {
            sum += decoder.Decode(_maps.AsSpan(k * W * H, W * H), W, H).X;
        }

        return sum;
    }
}
