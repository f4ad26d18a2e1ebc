using PoseCluster.Grains.Camera;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Video;

namespace PoseCluster.Silo.Tests.Grains;

public sealed class CameraFrameQueueTests
{
    [Fact]
    public void A_full_queue_drops_the_oldest_frame_disposes_it_and_counts_it()
    {
        var dropped = 0;
        var queue = new CameraFrameQueue(2, () => dropped++);
        var frames = Enumerable.Range(0, 5).Select(i => new VideoFrame(new RgbImage(8, 8)) { Index = i }).ToList();
        foreach (var frame in frames)
        {
            queue.Write(frame);
        }

        Assert.Equal(3, queue.Dropped);
        Assert.Equal(3, dropped);
        Assert.True(queue.Reader.TryRead(out var a) && a.Index == 3);
        Assert.True(queue.Reader.TryRead(out var b) && b.Index == 4);
        foreach (var old in frames.Take(3))
        {
            Assert.Throws<ObjectDisposedException>(() => old.Image.Pixels.Length);
        }

        queue.Complete();
        queue.Write(new VideoFrame(new RgbImage(8, 8)) { Index = 5 });
        Assert.Equal(4, queue.Dropped);
    }
}
