using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PoseCluster.Pose;
using PoseCluster.Pose.Imaging.Drawing;
using PoseCluster.Pose.Pipelines;
using PoseCluster.Pose.Serialization;
using PoseCluster.Pose.Video;
using PoseCluster.Pose.Video.Ffmpeg;

namespace PoseCluster.AppHost.Commands;

/// <summary><c>posecluster run</c>: runs a pipeline over a video, image, folder or stream and writes an annotated video and pose JSON lines.</summary>
internal static class RunCommand
{
    public const string DefaultInput = "video/pets2009_like_outdoor_480x360_10fps.mp4";

    public static Command Create()
    {
        var pipeline = new PipelineArguments();
        var input = new Option<string?>("--input", "-i") { Description = "Video file, image, folder, rtsp:// or http:// URL (default: the shared demo video)." };
        var output = new Option<string>("--out", "-o") { Description = "Output folder.", DefaultValueFactory = _ => "out/run" };
        var frames = new Option<int?>("--frames") { Description = "Stop after this many frames." };
        var fps = new Option<double?>("--fps") { Description = "Sample the input at this rate." };
        var width = new Option<int?>("--width") { Description = "Scale frames to this width before the pipeline (keeps aspect)." };
        var noVideo = new Option<bool>("--no-video") { Description = "Write only the pose JSON lines." };
        var command = new Command("run", "Run a pipeline over a video or stream; write an annotated video (annotated.mp4) and poses (poses.jsonl).")
        {
            input, output, frames, fps, width, noVideo,
        };
        pipeline.AddTo(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                var options = pipeline.ToPipelineOptions(parse);
                var source = new FrameSourceOptions
                {
                    Source = parse.GetValue(input) ?? SharedMedia.Require(DefaultInput, "--input"),
                    TargetFps = parse.GetValue(fps),
                    OutputWidth = parse.GetValue(width),
                };
                source.Validate();
                var outDir = Path.GetFullPath(parse.GetValue(output)!);
                Directory.CreateDirectory(outDir);

                using var sessions = await pipeline.OpenSessionsAsync(parse, token);
                using var engine = PosePipelineFactory.Create(options, sessions);
                await using var frameSource = FrameSourceFactory.Open(source, ConsoleLogging.Factory);
                Console.WriteLine($"run: {PipelineArguments.Describe(options)} on {frameSource.DisplayName}");

                var posesPath = Path.Combine(outDir, "poses.jsonl");
                await using var poses = File.Create(posesPath);
                await using var json = new Utf8JsonWriter(poses);
                FfmpegVideoWriter? writer = null;
                var renderer = new SkeletonRenderer();
                var result = new PoseFrame();
                long count = 0, persons = 0;
                var limit = parse.GetValue(frames) ?? long.MaxValue;
                try
                {
                    while (count < limit && await frameSource.ReadAsync(token) is { } frame)
                    {
                        using (frame)
                        {
                            engine.Process(frame.Image, result);
                            result.FrameId = frame.Index;
                            result.Timestamp = frame.Timestamp;
                            PoseFrameJson.Write(json, result);
                            await json.FlushAsync(token);
                            json.Reset();
                            poses.WriteByte((byte)'\n');
                            count++;
                            persons += result.Count;

                            if (!parse.GetValue(noVideo))
                            {
                                writer ??= new FfmpegVideoWriter(new FfmpegVideoWriterOptions
                                {
                                    Path = Path.Combine(outDir, "annotated.mp4"),
                                    Width = frame.Image.Width,
                                    Height = frame.Image.Height,
                                    FramesPerSecond = frameSource.Info?.FramesPerSecond is > 0 and var rate ? rate : 10,
                                });
                                renderer.Render(frame.Image, result);
                                await writer.WriteAsync(frame.Image, token);
                            }
                        }
                    }
                }
                finally
                {
                    if (writer is not null)
                    {
                        await writer.DisposeAsync();
                    }
                }

                var t = engine.Timer;
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"run: {count} frames, {(count == 0 ? 0 : (double)persons / count):F1} persons/frame; per frame: pre {t.MillisecondsPerFrame(PipelineStage.Pre):F1} ms, inference {t.MillisecondsPerFrame(PipelineStage.Inference):F1} ms, post {t.MillisecondsPerFrame(PipelineStage.Post):F1} ms"));
                Console.WriteLine($"run: poses -> {posesPath}");
                if (writer is not null)
                {
                    Console.WriteLine($"run: annotated video -> {Path.Combine(outDir, "annotated.mp4")}");
                }

                return count > 0 ? 0 : CommandRunner.UserError;
            },
            ct));
        return command;
    }
}
