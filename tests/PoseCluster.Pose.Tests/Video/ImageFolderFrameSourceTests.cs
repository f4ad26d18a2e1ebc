using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Tests.Media;
using PoseCluster.Pose.Video;

namespace PoseCluster.Pose.Tests.Video;

/// <summary>Still images and folders of images as frame sources.</summary>
public sealed class ImageFolderFrameSourceTests : IDisposable
{
    private readonly string _temp = TestAssets.TempDirectory();

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task Folder_yields_its_images_in_name_order_with_nominal_timestamps()
    {
        var folder = Path.Combine(_temp, "frames");
        Directory.CreateDirectory(folder);
        // Out-of-order creation, mixed formats, and a non-image file that must be ignored.
        foreach (var name in new[] { "0002.png", "0000.png", "0001.png" })
        {
            File.Copy(TestAssets.Media("video", "pets2009_like_frames", name), Path.Combine(folder, name));
        }

        File.Copy(TestAssets.Media("eval", "images", "coco_000000000785.jpg"), Path.Combine(folder, "0003.jpg"));
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "not an image");

        await using var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = folder, OutputWidth = 240, OutputHeight = 180, TargetFps = 4 });
        var frames = new List<VideoFrame>();
        while (await source.ReadAsync() is { } frame)
        {
            frames.Add(frame);
        }

        Assert.Equal(4, frames.Count);
        Assert.All(frames, f => Assert.Equal((240, 180), (f.Image.Width, f.Image.Height)));
        Assert.Equal([0L, 1, 2, 3], frames.Select(f => f.Index));
        Assert.Equal(TimeSpan.FromSeconds(0.75), frames[3].Timestamp);
        Assert.False(source.Info!.IsLive);
        Assert.Equal((480, 360), (source.Info.SourceWidth, source.Info.SourceHeight));

        // Name order: the last frame is the JPEG (a different scene), the first three the consecutive video frames.
        Assert.True(ImageComparison.MeanAbsoluteError(frames[0].Image, frames[1].Image) < 5);
        Assert.True(ImageComparison.MeanAbsoluteError(frames[2].Image, frames[3].Image) > 20);
        foreach (var frame in frames)
        {
            frame.Dispose();
        }
    }

    [Fact]
    public async Task Single_image_yields_one_frame_or_loops_from_memory()
    {
        var jpeg = TestAssets.Media("eval", "images", "coco_000000000785.jpg");
        await using (var once = FrameSourceFactory.Open(new FrameSourceOptions { Source = jpeg }))
        {
            using var frame = await once.ReadAsync();
            using var reference = ImageFileDecoder.Load(jpeg);
            Assert.Equal((640, 425), (frame!.Image.Width, frame.Image.Height));
            Assert.True(ImageComparison.MeanAbsoluteError(frame.Image, reference) < 1.5);
            Assert.Null(await once.ReadAsync());
        }

        await using var looping = FrameSourceFactory.Open(new FrameSourceOptions { Source = jpeg, Loop = true, OutputWidth = 64 });
        RgbImage? first = null;
        for (var i = 0; i < 5; i++)
        {
            using var frame = await looping.ReadAsync();
            Assert.Equal(i, frame!.Index);
            Assert.Equal((64, 43), (frame.Image.Width, frame.Image.Height));
            first ??= frame.Image.Clone();
            Assert.Equal(0, ImageComparison.MeanAbsoluteError(first, frame.Image));
        }

        first!.Dispose();
    }

    [Fact]
    public async Task Folder_skips_an_unreadable_image_but_fails_when_none_is_readable()
    {
        var folder = Path.Combine(_temp, "mixed");
        Directory.CreateDirectory(folder);
        File.Copy(TestAssets.Media("video", "pets2009_like_frames", "0000.png"), Path.Combine(folder, "a.png"));
        await File.WriteAllTextAsync(Path.Combine(folder, "b.jpg"), "this is not a jpeg");
        await using (var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = folder }))
        {
            using var frame = await source.ReadAsync();
            Assert.NotNull(frame);
            Assert.Null(await source.ReadAsync());
        }

        File.Delete(Path.Combine(folder, "a.png"));
        await using var broken = FrameSourceFactory.Open(new FrameSourceOptions { Source = folder });
        var e = await Assert.ThrowsAsync<FrameSourceException>(async () => await broken.ReadAsync());
        Assert.Contains("none of the 1 images", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_folder_is_NotFound_and_a_broken_single_image_fails()
    {
        var empty = Path.Combine(_temp, "empty");
        Directory.CreateDirectory(empty);
        await using (var source = FrameSourceFactory.Open(new FrameSourceOptions { Source = empty }))
        {
            var e = await Assert.ThrowsAsync<FrameSourceException>(async () => await source.ReadAsync());
            Assert.Equal(FrameSourceErrorKind.NotFound, e.Kind);
            Assert.Contains("holds no images", e.Message, StringComparison.Ordinal);
        }

        var broken = Path.Combine(_temp, "broken.png");
        await File.WriteAllBytesAsync(broken, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        await using var single = FrameSourceFactory.Open(new FrameSourceOptions { Source = broken });
        var error = await Assert.ThrowsAsync<FrameSourceException>(async () => await single.ReadAsync());
        Assert.Contains("broken.png", error.Message, StringComparison.Ordinal);
    }
}
