using System.Diagnostics;
using PoseCluster.Pose.Tests.Media;
using PoseCluster.Pose.Video;

namespace PoseCluster.Pose.Tests.Video;

/// <summary>Bad input fails fast, with the right kind and an actionable message, and never hangs.</summary>
public sealed class FrameSourceErrorTests : IDisposable
{
    private readonly string _temp = TestAssets.TempDirectory();

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Missing_file_is_NotFound_at_open_naming_the_path()
    {
        var path = Path.Combine(_temp, "nope.mp4");
        var e = Assert.Throws<FrameSourceException>(() => FrameSourceFactory.Open(new FrameSourceOptions { Source = path }));
        Assert.Equal(FrameSourceErrorKind.NotFound, e.Kind);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.True(e.IsPermanent);
    }

    [Fact]
    public void Missing_file_uri_is_NotFound()
    {
        var path = Path.Combine(_temp, "nope.mp4");
        var e = Assert.Throws<FrameSourceException>(() => FrameSourceFactory.Open(new FrameSourceOptions { Source = new Uri(path).AbsoluteUri }));
        Assert.Equal(FrameSourceErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public void Unknown_scheme_is_Unsupported()
    {
        var e = Assert.Throws<FrameSourceException>(() => FrameSourceFactory.Open(new FrameSourceOptions { Source = "gopher://u:secretpw@host/x" }));
        Assert.Equal(FrameSourceErrorKind.Unsupported, e.Kind);
        Assert.DoesNotContain("secretpw", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_name_the_option()
    {
        var e = Assert.Throws<ArgumentException>(() => FrameSourceFactory.Open(new FrameSourceOptions { Source = "x.mp4", TargetFps = 0 }));
        Assert.Contains(nameof(FrameSourceOptions.TargetFps), e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new FrameSourceOptions().Validate());
        Assert.Contains(nameof(FrameSourceOptions.Source), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_file_named_mp4_is_Unsupported()
    {
        var path = Path.Combine(_temp, "notes.mp4");
        await File.WriteAllTextAsync(path, "These are meeting notes, not a video.\n");
        var e = await ReadFailureAsync(new FrameSourceOptions { Source = path });
        Assert.Equal(FrameSourceErrorKind.Unsupported, e.Kind);
        Assert.Contains("notes.mp4", e.Message, StringComparison.Ordinal);
        Assert.Contains("ffmpeg said", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_mp4_is_Corrupt_after_the_frames_it_had()
    {
        var path = Path.Combine(_temp, "truncated.mp4");
        var bytes = await File.ReadAllBytesAsync(TestAssets.Media("video", "pets2009_like_outdoor_480x360_10fps.mp4"));
        await File.WriteAllBytesAsync(path, bytes[..100_000]);
        await using var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = path });
        var frames = 0;
        var e = await Assert.ThrowsAsync<FrameSourceException>(async () =>
        {
            while (await source.ReadAsync() is { } frame)
            {
                frame.Dispose();
                frames++;
            }
        });
        Assert.Equal(FrameSourceErrorKind.Corrupt, e.Kind);
        Assert.InRange(frames, 1, 100);
        Assert.Contains("ended early", e.Message, StringComparison.Ordinal);
        Assert.Contains("partial file", e.Message, StringComparison.Ordinal);
        // The failure sticks: reading again repeats it instead of pretending the stream ended.
        await Assert.ThrowsAsync<FrameSourceException>(async () => await source.ReadAsync());
    }

    [Fact]
    public async Task Truncated_mp4_header_is_Corrupt()
    {
        // Without its index (moov atom) an mp4 cannot be opened at all; it is still recognisably an mp4.
        var path = Path.Combine(_temp, "headless.mp4");
        var bytes = await File.ReadAllBytesAsync(TestAssets.Media("video", "mmpose_demo_street_960x540_5frames.mp4"));
        await File.WriteAllBytesAsync(path, bytes[..4096]);
        var e = await ReadFailureAsync(new FrameSourceOptions { Source = path });
        Assert.True(e.Kind is FrameSourceErrorKind.Corrupt, e.Message);
    }

    [Fact]
    public async Task One_pixel_image_gives_a_valid_one_pixel_frame()
    {
        var path = Path.Combine(_temp, "dot.png");
        // ffmpeg 5.1's color source cannot make 1x1 directly (4:2:0); scale a 2x2 one down.
        ExternalProcess.Run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=red:s=2x2", "-vf", "scale=1:1", "-frames:v", "1", "-y", path);
        await using var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = path });
        using var frame = await source.ReadAsync();
        Assert.NotNull(frame);
        Assert.Equal((1, 1), (frame.Image.Width, frame.Image.Height));
        Assert.True(frame.Image.Pixels[0] > 200 && frame.Image.Pixels[1] < 60, "the pixel is red");
        Assert.Null(await source.ReadAsync());
    }

    [Fact]
    public async Task Unreachable_rtsp_fails_fast_as_Unreachable()
    {
        var port = FreePort.Next();
        var stopwatch = Stopwatch.StartNew();
        var e = await ReadFailureAsync(new FrameSourceOptions { Source = $"rtsp://127.0.0.1:{port}/x", OpenTimeout = TimeSpan.FromSeconds(3) });
        Assert.Equal(FrameSourceErrorKind.Unreachable, e.Kind);
        Assert.Contains("Connection refused", e.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Silent_server_times_out_as_Unreachable_within_the_open_timeout()
    {
        // Accepts the TCP connection and never answers: only our own deadline can end this.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var stopwatch = Stopwatch.StartNew();
        var e = await ReadFailureAsync(new FrameSourceOptions { Source = $"rtsp://127.0.0.1:{port}/x", OpenTimeout = TimeSpan.FromSeconds(1) });
        Assert.Equal(FrameSourceErrorKind.Unreachable, e.Kind);
        Assert.Contains("open timeout", e.Message, StringComparison.Ordinal);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Rtsp_password_never_appears_in_errors_or_logs()
    {
        const string password = "Sup3rS3cretPw";
        var logs = new CapturingLoggerFactory();
        var port = FreePort.Next();
        var url = $"rtsp://admin:{password}@127.0.0.1:{port}/stream1";
        var options = new FrameSourceOptions { Source = url, OpenTimeout = TimeSpan.FromSeconds(3) };
        var source = FrameSourceFactory.Open(options, logs);
        var e = await Assert.ThrowsAsync<FrameSourceException>(async () => await source.ReadAsync());
        await source.DisposeAsync();

        Assert.Equal(FrameSourceErrorKind.Unreachable, e.Kind);
        Assert.Contains("rtsp://***:***@127.0.0.1", e.Message, StringComparison.Ordinal);
        Assert.NotEmpty(logs.Messages);
        foreach (var text in new[] { e.ToString(), e.SourceName, source.DisplayName, options.ToString(), logs.AllText })
        {
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
            Assert.DoesNotContain("admin", text, StringComparison.Ordinal);
        }
    }

    private static async Task<FrameSourceException> ReadFailureAsync(FrameSourceOptions options)
    {
        await using var source = FrameSourceFactory.Open(options);
        return await Assert.ThrowsAsync<FrameSourceException>(async () =>
        {
            while (await source.ReadAsync() is { } frame)
            {
                frame.Dispose();
            }
        });
    }
}
