using System.Text.Json;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Tests.Media;
using PoseCluster.Pose.Video;
using PoseCluster.Pose.Video.Ffmpeg;

namespace PoseCluster.Pose.Tests.Video;

/// <summary>Writing RGB frames to a playable video file.</summary>
public sealed class FfmpegVideoWriterTests : IDisposable
{
    private readonly string _temp = TestAssets.TempDirectory();

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task Writes_a_playable_mp4_that_reads_back()
    {
        var path = Path.Combine(_temp, "out.mp4");
        var writer = new FfmpegVideoWriter(new FfmpegVideoWriterOptions { Path = path, Width = 161, Height = 121, FramesPerSecond = 10 });
        Assert.Equal("libx264", writer.Encoder);
        using (var image = new RgbImage(161, 121))
        {
            for (var i = 0; i < 20; i++)
            {
                image.Pixels.Fill((byte)(i * 12));
                if (i % 2 == 0)
                {
                    writer.Write(image);
                }
                else
                {
                    await writer.WriteAsync(image);
                }
            }
        }

        Assert.Equal(20, writer.FramesWritten);
        writer.Dispose();

        var probe = ExternalProcess.Run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=codec_name,width,height,nb_read_frames,avg_frame_rate", "-of", "json", path);
        var stream = JsonDocument.Parse(probe).RootElement.GetProperty("streams")[0];
        Assert.Equal("h264", stream.GetProperty("codec_name").GetString());
        // Odd sizes are padded by one pixel for 4:2:0.
        Assert.Equal(162, stream.GetProperty("width").GetInt32());
        Assert.Equal(122, stream.GetProperty("height").GetInt32());
        Assert.Equal("20", stream.GetProperty("nb_read_frames").GetString());
        Assert.Equal("10/1", stream.GetProperty("avg_frame_rate").GetString());

        await using var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = path });
        using var last = await ReadLastAsync(source);
        Assert.InRange(last.Image.Pixels[last.Image.Width * 3 * 60 + 240], 220, 236); // 19 * 12 = 228, after lossy coding.
    }

    [Fact]
    public void Mpeg4_encoder_works_too()
    {
        var path = Path.Combine(_temp, "out.avi");
        using (var writer = new FfmpegVideoWriter(new FfmpegVideoWriterOptions { Path = path, Width = 64, Height = 48, Encoder = "mpeg4" }))
        {
            using var image = new RgbImage(64, 48);
            image.Pixels.Fill(100);
            for (var i = 0; i < 5; i++)
            {
                writer.Write(image);
            }
        }

        var probe = ExternalProcess.Run("ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=codec_name,nb_read_frames", "-of", "csv=p=0", path);
        Assert.Equal("mpeg4,5", probe.Trim());
    }

    [Fact]
    public void Errors_are_clear()
    {
        var e = Assert.Throws<ArgumentException>(() => new FfmpegVideoWriter(new FfmpegVideoWriterOptions { Path = Path.Combine(_temp, "no", "such", "dir.mp4"), Width = 8, Height = 8 }));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);

        using var writer = new FfmpegVideoWriter(new FfmpegVideoWriterOptions { Path = Path.Combine(_temp, "x.mp4"), Width = 8, Height = 8 });
        using var wrongSize = new RgbImage(9, 8);
        e = Assert.Throws<ArgumentException>(() => writer.Write(wrongSize));
        Assert.Contains("8x8", e.Message, StringComparison.Ordinal);

        var bad = new FfmpegVideoWriter(new FfmpegVideoWriterOptions { Path = Path.Combine(_temp, "y.mp4"), Width = 8, Height = 8, Encoder = "no_such_encoder" });
        var io = Assert.Throws<IOException>(() =>
        {
            using var image = new RgbImage(8, 8);
            for (var i = 0; i < 1000; i++)
            {
                bad.Write(image);
            }

            bad.Complete();
        });
        Assert.Contains("no_such_encoder", io.Message, StringComparison.Ordinal);
        Assert.Contains("ffmpeg said", io.Message, StringComparison.Ordinal);
    }

    private static async Task<VideoFrame> ReadLastAsync(IFrameSource source)
    {
        VideoFrame? last = null;
        while (await source.ReadAsync() is { } frame)
        {
            last?.Dispose();
            last = frame;
        }

        return last!;
    }
}
