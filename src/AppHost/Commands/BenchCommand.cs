using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using PoseCluster.Pose;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Pipelines;
using PoseCluster.Pose.Video;

namespace PoseCluster.AppHost.Commands;

/// <summary>
/// <c>posecluster bench</c>: end-to-end pipeline throughput on a video — frames/s, per-stage ms (decode, pre,
/// inference, post), p50/p95 latency and CPU use. Decoding runs ahead on its own task (as on a camera node), so
/// frames/s reflects the overlap. Latency is a frame's service time — its decode plus the processing of the batch that
/// carries it — without time spent queued behind earlier frames (a file replays faster than a camera delivers).
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var pipeline = new PipelineArguments();
        var input = new Option<string?>("--input", "-i") { Description = "Video to replay (looped as needed; default: the shared demo video)." };
        var frames = new Option<int>("--frames") { Description = "Frames to measure.", DefaultValueFactory = _ => 200 };
        var warmup = new Option<int>("--warmup") { Description = "Frames run before measuring.", DefaultValueFactory = _ => 10 };
        var width = new Option<int?>("--width") { Description = "Decode frames scaled to this width (keeps aspect)." };
        var batch = new Option<int>("--batch") { Description = "Frames per ProcessBatch call (simulates several cameras batched together).", DefaultValueFactory = _ => 1 };
        var stats = new Option<string?>("--stats") { Description = "Write the results as JSON here." };
        var command = new Command("bench", "Benchmark a pipeline end to end on a video: frames/s, per-stage ms, p50/p95 latency, CPU use.")
        {
            input, frames, warmup, width, batch, stats,
        };
        pipeline.AddTo(command);
        command.Subcommands.Add(ClusterBenchCommand.Create());
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                var measured = parse.GetValue(frames);
                var warm = parse.GetValue(warmup);
                var batchSize = parse.GetValue(batch);
                if (measured < 1 || warm < 0 || batchSize < 1)
                {
                    throw new ArgumentException("--frames and --batch must be positive and --warmup non-negative.");
                }

                var options = pipeline.ToPipelineOptions(parse);
                var sourceOptions = new FrameSourceOptions
                {
                    Source = parse.GetValue(input) ?? SharedMedia.Require(RunCommand.DefaultInput, "--input"),
                    OutputWidth = parse.GetValue(width),
                    Loop = true,
                    MaxRetainedFrames = 16,
                };
                sourceOptions.Validate();

                using var sessions = await pipeline.OpenSessionsAsync(parse, token);
                using var engine = PosePipelineFactory.Create(options, sessions);
                await using var source = FrameSourceFactory.Open(sourceOptions, ConsoleLogging.Factory);
                Console.WriteLine($"bench: {PipelineArguments.Describe(options)} on {source.DisplayName}, {warm} warm-up + {measured} frames, batch {batchSize}");

                var result = await MeasureAsync(engine, source, warm, measured, batchSize, token);
                var report = Report(result, engine, options, source, batchSize);
                Console.WriteLine(Summary(report));
                if (parse.GetValue(stats) is { } path)
                {
                    File.WriteAllText(path, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                    Console.WriteLine($"bench: stats written to {path}");
                }

                return 0;
            },
            ct));
        return command;
    }

    private sealed record Measurement(
        int Frames, double WallSeconds, double CpuSeconds, double DecodeMsPerFrame, double[] LatenciesMs, double PersonsPerFrame);

    private readonly record struct DecodedFrame(VideoFrame Frame, double DecodeMs);

    private static async Task<Measurement> MeasureAsync(IPosePipeline engine, IFrameSource source, int warmup, int measured, int batchSize, CancellationToken token)
    {
        var total = warmup + measured;
        var channel = Channel.CreateBounded<DecodedFrame>(new BoundedChannelOptions(Math.Max(4, batchSize * 2))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        long decodeTicks = 0;
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    for (var i = 0; i < total; i++)
                    {
                        var start = Stopwatch.GetTimestamp();
                        var frame = await source.ReadAsync(token) ?? throw new InvalidDataException("The input ended before the benchmark finished.");
                        var elapsed = Stopwatch.GetTimestamp() - start;
                        if (i >= warmup)
                        {
                            decodeTicks += elapsed;
                        }

                        await channel.Writer.WriteAsync(new DecodedFrame(frame, elapsed * 1000.0 / Stopwatch.Frequency), token);
                    }

                    channel.Writer.Complete();
                }
                catch (Exception e)
                {
                    channel.Writer.Complete(e);
                }
            },
            token);

        var latencies = new List<double>(measured);
        var images = new List<RgbImage>(batchSize);
        var outputs = Enumerable.Range(0, batchSize).Select(_ => new PoseFrame()).ToList();
        var pending = new List<DecodedFrame>(batchSize);
        long persons = 0;
        var processed = 0;
        var process = Process.GetCurrentProcess();
        var wall = new Stopwatch();
        var cpuStart = TimeSpan.Zero;

        await foreach (var item in channel.Reader.ReadAllAsync(token))
        {
            pending.Add(item);
            if (pending.Count < batchSize && processed + pending.Count < total)
            {
                continue;
            }

            if (processed == warmup || (processed < warmup && processed + pending.Count > warmup))
            {
                // Measurement starts with the first batch after warm-up.
                engine.Timer.Reset();
                process.Refresh();
                cpuStart = process.TotalProcessorTime;
                wall.Start();
            }

            images.Clear();
            foreach (var p in pending)
            {
                images.Add(p.Frame.Image);
            }

            var batchStart = Stopwatch.GetTimestamp();
            engine.ProcessBatch(images, outputs.GetRange(0, pending.Count));
            var batchMs = Stopwatch.GetElapsedTime(batchStart).TotalMilliseconds;
            for (var i = 0; i < pending.Count; i++)
            {
                if (processed >= warmup)
                {
                    latencies.Add(pending[i].DecodeMs + batchMs);
                    persons += outputs[i].Count;
                }

                pending[i].Frame.Dispose();
                processed++;
            }

            pending.Clear();
        }

        wall.Stop();
        await producer;
        process.Refresh();
        var frames = latencies.Count;
        return new Measurement(
            frames,
            wall.Elapsed.TotalSeconds,
            (process.TotalProcessorTime - cpuStart).TotalSeconds,
            frames == 0 ? 0 : decodeTicks * 1000.0 / Stopwatch.Frequency / frames,
            latencies.ToArray(),
            frames == 0 ? 0 : (double)persons / frames);
    }

    private static JsonObject Report(Measurement m, IPosePipeline engine, PipelineOptions options, IFrameSource source, int batchSize)
    {
        var sorted = m.LatenciesMs.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        var t = engine.Timer;
        var gflops = engine.Models.Sum(e => e.GFlops);
        return new JsonObject
        {
            ["pipeline"] = options.Pipeline,
            ["models"] = new JsonArray(engine.Models.Select(e => (JsonNode)e.Id).ToArray()),
            ["input"] = source.DisplayName,
            ["frame_size"] = source.Info is { } info ? $"{info.Width}x{info.Height}" : null,
            ["batch"] = batchSize,
            ["frames"] = m.Frames,
            ["fps"] = Round(m.Frames / Math.Max(m.WallSeconds, 1e-9)),
            ["p50_ms"] = Round(Percentile(0.50)),
            ["p95_ms"] = Round(Percentile(0.95)),
            ["stages_ms"] = new JsonObject
            {
                ["decode"] = Round(m.DecodeMsPerFrame),
                ["pre"] = Round(t.MillisecondsPerFrame(PipelineStage.Pre)),
                ["inference"] = Round(t.MillisecondsPerFrame(PipelineStage.Inference)),
                ["post"] = Round(t.MillisecondsPerFrame(PipelineStage.Post)),
            },
            ["cpu_percent"] = Round(100 * m.CpuSeconds / Math.Max(m.WallSeconds, 1e-9)),
            ["cores"] = Environment.ProcessorCount,
            ["persons_per_frame"] = Round(m.PersonsPerFrame),
            ["model_gflops_per_call"] = Round(gflops),
            ["machine"] = MachineDescription.Describe(),
        };
    }

    private static string Summary(JsonObject r)
    {
        var s = r["stages_ms"]!;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"bench: {r["fps"]} frames/s, latency p50 {r["p50_ms"]} ms / p95 {r["p95_ms"]} ms; per frame: decode {s["decode"]} ms, pre {s["pre"]} ms, inference {s["inference"]} ms, post {s["post"]} ms; CPU {r["cpu_percent"]}% of one core ({r["cores"]} cores); {r["persons_per_frame"]} persons/frame");
    }

    private static double Round(double v) => Math.Round(v, 3);
}
