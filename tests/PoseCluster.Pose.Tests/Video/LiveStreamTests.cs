using PoseCluster.Pose.Tests.Media;
using PoseCluster.Pose.Video;

namespace PoseCluster.Pose.Tests.Video;

/// <summary>Reading live cameras over loopback: HTTP MJPEG (ffmpeg and an in-process server) and RTSP (GStreamer).</summary>
[Collection(LiveStreamCollection.Name)]
public sealed class LiveStreamTests
{
    private static string Pets => TestAssets.Media("video", "pets2009_like_outdoor_480x360_10fps.mp4");

    [Fact]
    public async Task Http_mjpeg_camera_streams_live_frames_with_wall_clock_timestamps()
    {
        using var camera = await FfmpegHttpCamera.StartAsync(Pets, width: 320);
        await using var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = camera.Url, OutputWidth = 160 });
        var first = DateTimeOffset.UtcNow;
        var timestamps = new List<TimeSpan>();
        for (var i = 0; i < 12; i++)
        {
            using var frame = await source.ReadAsync();
            Assert.NotNull(frame);
            Assert.Equal((160, 120), (frame.Image.Width, frame.Image.Height));
            Assert.Equal(i, frame.Index);
            timestamps.Add(frame.Timestamp);
        }

        var info = source.Info!;
        Assert.True(info.IsLive);
        Assert.Equal("mjpeg", info.Codec);
        Assert.Equal((320, 240), (info.SourceWidth, info.SourceHeight));
        Assert.Null(info.Duration);
        Assert.Equal(0, info.FramesPerSecond); // MJPEG declares no rate.
        Assert.Equal(TimeSpan.Zero, timestamps[0]);
        Assert.True(timestamps.Zip(timestamps.Skip(1)).All(p => p.Second >= p.First));
        // The camera sends 10 fps in real time: 11 intervals take about 1.1 s of wall-clock time.
        Assert.InRange(timestamps[^1].TotalSeconds, 0.5, 3.0);
    }

    [Fact]
    public async Task Http_mjpeg_target_fps_samples_by_arrival_time()
    {
        await using var server = new MjpegTestServer(TestJpegFrames.Create(4), fps: 20);
        server.Start();
        await using var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = server.Url(), TargetFps = 5 });
        var count = 0;
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(1.6))
        {
            using var frame = await source.ReadAsync();
            count++;
        }

        // 20 fps sampled to 5 fps over ~1.6 s: about 8 frames, far from the 32 the camera sent.
        Assert.InRange(count, 5, 12);
        Assert.Equal((160, 120), (source.Info!.Width, source.Info.Height));
        Assert.Equal(5, source.Info.FramesPerSecond);
    }

    [Fact]
    public async Task Http_camera_with_wrong_password_is_Unauthorized_and_never_leaks_it()
    {
        const string password = "W4rongPassw0rd";
        await using var server = new MjpegTestServer(TestJpegFrames.Create(2), user: "viewer", password: "right-one");
        server.Start();
        var logs = new CapturingLoggerFactory();
        await using var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = server.Url("viewer", password) }, logs);
        var e = await Assert.ThrowsAsync<FrameSourceException>(async () => await source.ReadAsync());
        Assert.Equal(FrameSourceErrorKind.Unauthorized, e.Kind);
        Assert.Contains("401", e.Message, StringComparison.Ordinal);
        foreach (var text in new[] { e.ToString(), source.DisplayName, logs.AllText })
        {
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        }

        // The right credentials work.
        await using var good = FrameSourceFactory.Open(new FrameSourceOptions { Source = server.Url("viewer", "right-one") });
        using var frame = await good.ReadAsync();
        Assert.NotNull(frame);
    }

    [Fact]
    public async Task Rtsp_camera_streams_over_tcp()
    {
        using var camera = await GstRtspCamera.StartAsync(TestClips.PetsShortGop);
        await using var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = camera.Url(), OutputWidth = 240, OutputHeight = 180 });
        for (var i = 0; i < 8; i++)
        {
            using var frame = await source.ReadAsync();
            Assert.NotNull(frame);
            Assert.Equal((240, 180), (frame.Image.Width, frame.Image.Height));
        }

        var info = source.Info!;
        Assert.True(info.IsLive);
        Assert.Equal("h264", info.Codec);
        Assert.Equal((320, 240), (info.SourceWidth, info.SourceHeight));
        Assert.Equal(10, info.FramesPerSecond, 3);
    }

    [Fact]
    public async Task Rtsp_camera_with_credentials_authenticates_and_redacts_them()
    {
        const string password = "Rtsp-Pa55word";
        using var camera = await GstRtspCamera.StartAsync(TestClips.PetsShortGop, "operator", password);
        var logs = new CapturingLoggerFactory();

        await using (var denied = FrameSourceFactory.Open(new FrameSourceOptions { Source = camera.Url("operator", "guess") }, logs))
        {
            var e = await Assert.ThrowsAsync<FrameSourceException>(async () => await denied.ReadAsync());
            Assert.Equal(FrameSourceErrorKind.Unauthorized, e.Kind);
            Assert.DoesNotContain("guess", e.ToString(), StringComparison.Ordinal);
        }

        await using (var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = camera.Url("operator", password), OutputWidth = 120 }, logs))
        {
            using var frame = await source.ReadAsync();
            Assert.NotNull(frame);
            Assert.Equal("rtsp://***:***@127.0.0.1:" + camera.Port + "/live", source.DisplayName);
        }

        Assert.DoesNotContain(password, logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("operator", logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_or_disposing_a_waiting_read_ends_it_promptly()
    {
        await using var server = new MjpegTestServer(TestJpegFrames.Create(2), fps: 20);
        server.Start();
        var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = server.Url(), StallTimeout = TimeSpan.FromSeconds(30) });
        (await source.ReadAsync())!.Dispose();
        server.Pause();
        await Task.Delay(300); // let frames already in flight drain

        // Cancelling: the read stops, and the source stays usable.
        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                while (true)
                {
                    (await source.ReadAsync(cts.Token))!.Dispose();
                }
            });
        }

        server.Resume();
        using (var frame = await source.ReadAsync())
        {
            Assert.NotNull(frame);
        }

        // Disposing from another thread: the pending read returns null instead of hanging for the stall timeout.
        server.Pause();
        await Task.Delay(300);
        var pending = Task.Run(async () =>
        {
            while (await source.ReadAsync() is { } frame)
            {
                frame.Dispose();
            }
        });
        await Task.Delay(300);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await source.DisposeAsync();
        await pending.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5));
    }
}
