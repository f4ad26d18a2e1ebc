using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Tests.Media;
using PoseCluster.Pose.Video;
using PoseCluster.Pose.Video.Ffmpeg;

namespace PoseCluster.Pose.Tests.Video;

/// <summary>Decoding real files through ffmpeg: sizes, counts, timestamps, sampling, pooling and pixel fidelity.</summary>
public sealed class FfmpegFrameSourceTests
{
    private static string Pets => TestAssets.Media("video", "pets2009_like_outdoor_480x360_10fps.mp4");

    private static string Crowd => TestAssets.Media("video", "crowd_topview_1280x720_50fps.avi");

    [Fact]
    public async Task Pets_clip_yields_every_frame_at_source_size_with_index_timestamps()
    {
        await using var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = Pets });
        Assert.Null(source.Info);
        var count = 0;
        while (await source.ReadAsync() is { } frame)
        {
            using (frame)
            {
                Assert.Equal(count, frame.Index);
                Assert.Equal(TimeSpan.FromMilliseconds(100 * count), frame.Timestamp);
                Assert.Equal((480, 360), (frame.Image.Width, frame.Image.Height));
                count++;
            }
        }

        Assert.Equal(795, count);
        var info = source.Info!;
        Assert.Equal((480, 360, 480, 360), (info.Width, info.Height, info.SourceWidth, info.SourceHeight));
        Assert.Equal(10, info.FramesPerSecond, 3);
        Assert.False(info.IsLive);
        Assert.Equal("h264", info.Codec);
        Assert.Equal(79.5, info.Duration!.Value.TotalSeconds, 0);
        Assert.Null(await source.ReadAsync());
    }

    [Fact]
    public async Task Crowd_avi_scales_to_the_requested_size_and_keeps_the_frame_pool_small()
    {
        // The AVI's index claims 682 frames at 50 fps; it holds 341 pictures at 25 fps (every other index entry is
        // empty), which is what ffmpeg decodes and reports.
        await using var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = Crowd, OutputWidth = 456, OutputHeight = 256 });
        var count = 0;
        var last = TimeSpan.MinValue;
        while (await source.ReadAsync() is { } frame)
        {
            using (frame)
            {
                Assert.Equal((456, 256), (frame.Image.Width, frame.Image.Height));
                Assert.True(frame.Timestamp > last);
                last = frame.Timestamp;
                count++;
            }
        }

        Assert.Equal(341, count);
        Assert.Equal((456, 256, 1280, 720), (source.Info!.Width, source.Info.Height, source.Info.SourceWidth, source.Info.SourceHeight));
        Assert.Equal(25, source.Info.FramesPerSecond, 3);
        Assert.Equal(TimeSpan.FromSeconds(340 / 25.0), last);
        // A consumer that disposes each frame before the next read needs one pooled frame, however long the stream.
        Assert.Equal(1, ((FfmpegFrameSource)source).Pool!.Created);
    }

    [Fact]
    public async Task Only_one_side_given_keeps_the_aspect_ratio()
    {
        await using var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = Crowd, OutputHeight = 180 });
        using var frame = await source.ReadAsync();
        Assert.Equal((320, 180), (frame!.Image.Width, frame.Image.Height));
    }

    [Fact]
    public async Task Target_fps_halves_a_10_fps_clip_and_passes_a_slower_one_unchanged()
    {
        var five = await CountAsync(new FrameSourceOptions { Source = Pets, TargetFps = 5, OutputWidth = 160, OutputHeight = 120 });
        Assert.Equal(398, five.Count); // 795 frames: every other one, starting with the first.
        Assert.Equal(5, five.Fps, 3);
        Assert.Equal(TimeSpan.FromSeconds(397 / 5.0), five.LastTimestamp);

        var faster = await CountAsync(new FrameSourceOptions { Source = Pets, TargetFps = 25, OutputWidth = 160, OutputHeight = 120 });
        Assert.Equal(795, faster.Count); // Sampling never duplicates frames.
        Assert.Equal(10, faster.Fps, 3);
    }

    [Fact]
    public async Task Frames_held_by_the_consumer_grow_the_pool_only_to_what_is_held()
    {
        await using var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = Pets, OutputWidth = 96, OutputHeight = 72 });
        var held = new Queue<VideoFrame>();
        for (var i = 0; i < 200; i++)
        {
            held.Enqueue((await source.ReadAsync())!);
            if (held.Count > 3)
            {
                held.Dequeue().Dispose();
            }
        }

        var pool = ((FfmpegFrameSource)source).Pool!;
        Assert.Equal(4, pool.Created);
        foreach (var frame in held)
        {
            frame.Dispose();
        }
    }

    /// <remarks>
    /// The reference frames came from OpenCV, which converts with BT.601 whatever the stream says; ffmpeg honours the
    /// clip's BT.709 tag. The difference is a small systematic colour shift (forcing BT.601 makes them identical).
    /// </remarks>
    [Fact]
    public async Task Decoded_pixels_match_the_reference_png_frames()
    {
        await using var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = Pets });
        for (var i = 0; i < 5; i++)
        {
            using var frame = await source.ReadAsync();
            using var reference = ImageFileDecoder.Load(TestAssets.Media("video", "pets2009_like_frames", $"{i:0000}.png"));
            var error = ImageComparison.MeanAbsoluteError(frame!.Image, reference);
            Assert.True(error < 2.5, $"frame {i}: mean absolute error {error:0.00} against the reference decode");
        }
    }

    [Fact]
    public async Task Looping_a_short_clip_keeps_counting_frames_and_time()
    {
        var clip = TestAssets.Media("video", "mmpose_demo_street_960x540_5frames.mp4");
        await using var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = clip, Loop = true, OutputWidth = 96, OutputHeight = 54 });
        VideoFrame? last = null;
        for (var i = 0; i < 12; i++)
        {
            last?.Dispose();
            last = await source.ReadAsync();
        }

        Assert.Equal(11, last!.Index);
        Assert.Equal(TimeSpan.FromSeconds(11 / 5.0), last.Timestamp);
        last.Dispose();
    }

    [Fact]
    public async Task Realtime_paces_a_file_at_its_native_rate()
    {
        var clip = TestAssets.Media("video", "mmpose_demo_street_960x540_5frames.mp4");
        await using var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = clip, Realtime = true, OutputWidth = 96, OutputHeight = 54 });
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var count = 0;
        while (await source.ReadAsync() is { } frame)
        {
            frame.Dispose();
            count++;
        }

        Assert.Equal(5, count);
        // Five frames at 5 fps span 0.8 s of presentation time: a realtime read cannot finish much sooner.
        Assert.True(stopwatch.Elapsed > TimeSpan.FromSeconds(0.6), $"took only {stopwatch.Elapsed}");
    }

    private static async Task<(int Count, double Fps, TimeSpan LastTimestamp)> CountAsync(FrameSourceOptions options)
    {
        await using var source = FrameSourceFactory.Open(options);
        var count = 0;
        var last = TimeSpan.Zero;
        while (await source.ReadAsync() is { } frame)
        {
            last = frame.Timestamp;
            frame.Dispose();
            count++;
        }

        return (count, source.Info!.FramesPerSecond, last);
    }
}
