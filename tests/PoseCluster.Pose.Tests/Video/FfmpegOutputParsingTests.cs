using PoseCluster.Pose.Video;
using PoseCluster.Pose.Video.Ffmpeg;

namespace PoseCluster.Pose.Tests.Video;

/// <summary>Parsing ffmpeg 5.1's stderr (captured lines) and classifying its errors.</summary>
public sealed class FfmpegOutputParsingTests
{
    [Fact]
    public void Log_lines_lose_their_tags_and_keep_their_level()
    {
        Assert.Equal(new FfmpegLogLine(FfmpegLogLevel.Error, "moov atom not found"),
            FfmpegLogLine.Parse("[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55e716498900] [error] moov atom not found"));
        Assert.Equal(new FfmpegLogLine(FfmpegLogLevel.Warning, "deprecated pixel format used"),
            FfmpegLogLine.Parse("[swscaler @ 0x55] [swscaler @ 0x56] [warning] deprecated pixel format used"));
        Assert.Equal(new FfmpegLogLine(FfmpegLogLevel.Info, "Duration: N/A, bitrate: N/A"), FfmpegLogLine.Parse("[info]   Duration: N/A, bitrate: N/A"));
        Assert.Equal(new FfmpegLogLine(FfmpegLogLevel.Error, "x.mp4: No such file or directory"), FfmpegLogLine.Parse("[fatal] x.mp4: No such file or directory"));
        Assert.Equal(new FfmpegLogLine(FfmpegLogLevel.Info, "[x] not a tag"), FfmpegLogLine.Parse("[x] not a tag"));
    }

    [Fact]
    public void Stream_header_gives_source_and_output_geometry()
    {
        var header = new FfmpegStreamHeader();
        string[] lines =
        [
            "Input #0, avi, from 'crowd_topview_1280x720_50fps.avi':",
            "  Metadata:",
            "    software        : Lavf58.76.100",
            "  Duration: 00:00:13.82, start: 0.000000, bitrate: 1750 kb/s",
            "  Stream #0:0: Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 1280x720 [SAR 1:1 DAR 16:9], 1624 kb/s, 50 fps, 25 tbr, 50 tbn",
            "  Stream #0:1: Audio: aac (LC) ([255][0][0][0] / 0x00FF), 44100 Hz, stereo, fltp, 127 kb/s",
            "Stream mapping:",
            "  Stream #0:0 -> #0:0 (h264 (native) -> rawvideo (native))",
            "Output #0, rawvideo, to 'pipe:1':",
        ];
        foreach (var line in lines)
        {
            Assert.False(header.Accept(line));
        }

        Assert.True(header.Accept("  Stream #0:0: Video: rawvideo (RGB[24] / 0x18424752), rgb24(pc, gbr/bt709/bt709, progressive), 456x256 [SAR 512:513 DAR 16:9], q=2-31, 70041 kb/s, 25 fps, 25 tbn"));
        Assert.Equal(("h264", 1280, 720, 50.0, true), (header.Codec, header.SourceWidth, header.SourceHeight, header.SourceFps, header.SourceFpsDeclared));
        Assert.Equal((456, 256, 25.0), (header.OutputWidth, header.OutputHeight, header.OutputFps));
        Assert.Equal(TimeSpan.FromSeconds(13.82), header.Duration);
    }

    [Fact]
    public void Stream_header_handles_stream_ids_languages_and_missing_fps()
    {
        var header = new FfmpegStreamHeader();
        header.Accept("Input #0, mpjpeg, from 'http://127.0.0.1:1/cam':");
        header.Accept("  Duration: N/A, bitrate: N/A");
        header.Accept("  Stream #0:0[0x1](und): Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 480x360 [SAR 1:1 DAR 4:3], 25 tbr, 25 tbn (default)");
        header.Accept("Output #0, rawvideo, to 'pipe:1':");
        Assert.True(header.Accept("  Stream #0:0(und): Video: rawvideo (RGB[24] / 0x18424752), rgb24(pc, gbr/unknown/unknown, progressive), 480x360, q=2-31, 103680 kb/s, 29.97 fps, 29.97 tbn (default)"));
        Assert.Null(header.Duration);
        Assert.Equal(("mjpeg", 25.0, false), (header.Codec, header.SourceFps, header.SourceFpsDeclared));
        Assert.Equal(30000 / 1001.0, header.OutputFps, 9);
    }

    [Theory]
    [InlineData(23.98, 24000 / 1001.0)]
    [InlineData(59.94, 60000 / 1001.0)]
    [InlineData(25, 25)]
    [InlineData(12.5, 12.5)]
    public void Rounded_ntsc_rates_snap_to_their_exact_value(double shown, double exact) =>
        Assert.Equal(exact, FfmpegStreamHeader.SnapFrameRate(shown), 9);

    [Theory]
    [InlineData(FrameSourceErrorKind.NotFound, false, "[error] missing.mp4: No such file or directory")]
    [InlineData(FrameSourceErrorKind.Unsupported, false, "[mov,mp4 @ 0x1] [warning] Format mov,mp4,m4a,3gp,3g2,mj2 detected only with low score of 1, misdetection possible!", "[mov @ 0x1] [error] moov atom not found", "[error] t.mp4: Invalid data found when processing input")]
    [InlineData(FrameSourceErrorKind.Corrupt, false, "[mov @ 0x1] [error] moov atom not found", "[error] t.mp4: Invalid data found when processing input")]
    [InlineData(FrameSourceErrorKind.Corrupt, false, "[mov @ 0x1] [error] stream 0, offset 0x401a: partial file")]
    [InlineData(FrameSourceErrorKind.Unsupported, false, "[error] notes.avi: Invalid data found when processing input")]
    [InlineData(FrameSourceErrorKind.Unreachable, true, "[tcp @ 0x1] [error] Connection to tcp://127.0.0.1:1?timeout=0 failed: Connection refused", "[error] rtsp://127.0.0.1:1/x: Connection refused")]
    [InlineData(FrameSourceErrorKind.Unreachable, true, "[tcp @ 0x1] [error] Failed to resolve hostname cam.invalid: Name or service not known", "[error] http://cam.invalid/x: Input/output error")]
    [InlineData(FrameSourceErrorKind.Unreachable, true, "[error] http://127.0.0.1:9/x: Connection timed out")]
    [InlineData(FrameSourceErrorKind.Unreachable, true, "[error] rtsp://127.0.0.1:9/x: Invalid data found when processing input")]
    [InlineData(FrameSourceErrorKind.Unauthorized, true, "[rtsp @ 0x1] [error] method DESCRIBE failed: 401 Unauthorized", "[error] rtsp://***:***@h/live: Server returned 401 Unauthorized (authorization failed)")]
    [InlineData(FrameSourceErrorKind.Unauthorized, true, "[error] http://h/x: Server returned 403 Forbidden (access denied)")]
    [InlineData(FrameSourceErrorKind.NotFound, true, "[rtsp @ 0x1] [error] method DESCRIBE failed: 404 Not Found", "[error] rtsp://h/nope: Server returned 404 Not Found")]
    [InlineData(FrameSourceErrorKind.Unsupported, false, "[error] Stream map '0:v:0' matches no streams.")]
    public void Errors_are_classified(FrameSourceErrorKind expected, bool live, params string[] lines)
    {
        var parsed = lines.Select(FfmpegLogLine.Parse).ToList();
        Assert.Equal(expected, FfmpegErrorClassifier.Classify(parsed, live, hadFrames: false));
    }

    [Fact]
    public void Command_line_for_a_camera_sets_transport_timeouts_sampling_and_scaling()
    {
        var options = new FrameSourceOptions { Source = "rtsp://cam/x", OutputWidth = 456, TargetFps = 5, OpenTimeout = TimeSpan.FromSeconds(4), StallTimeout = TimeSpan.FromSeconds(3) };
        var address = new SourceAddress(SourceKind.Rtsp, options.Source, options.Source, []);
        var args = string.Join(' ', FfmpegCommandLine.ForFrameSource(options, address));
        Assert.Contains("-rtsp_transport tcp -timeout 6000000", args, StringComparison.Ordinal);
        Assert.Contains("-i rtsp://cam/x -map 0:v:0 -an -sn -dn", args, StringComparison.Ordinal);
        Assert.Contains("-vf select='isnan(prev_selected_t)+gt(floor(t*5+0.000001),floor(prev_selected_t*5+0.000001))',scale=456:-1", args, StringComparison.Ordinal);
        Assert.EndsWith("-fps_mode passthrough -pix_fmt rgb24 -f rawvideo pipe:1", args, StringComparison.Ordinal);
        Assert.DoesNotContain("-stream_loop", args, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_line_for_a_demo_file_loops_in_real_time()
    {
        var options = new FrameSourceOptions { Source = "/v/a.mp4", Loop = true, Realtime = true };
        var address = new SourceAddress(SourceKind.VideoFile, options.Source, options.Source, []);
        var args = string.Join(' ', FfmpegCommandLine.ForFrameSource(options, address));
        Assert.Contains("-re -stream_loop -1 -i /v/a.mp4", args, StringComparison.Ordinal);
        Assert.DoesNotContain("-vf", args, StringComparison.Ordinal);
    }
}
