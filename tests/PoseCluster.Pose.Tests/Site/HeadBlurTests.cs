using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Imaging.Privacy;

namespace PoseCluster.Pose.Tests.Site;

/// <summary>Head blur hides the head region only, in both modes, without allocating per frame.</summary>
public sealed class HeadBlurTests
{
    [Theory]
    [InlineData(HeadObscuring.Pixelate)]
    [InlineData(HeadObscuring.BoxBlur)]
    public void Changes_the_head_region_and_nothing_else(HeadObscuring mode)
    {
        using var image = Checkerboard(320, 240);
        using var original = image.Clone();
        var frame = Person(100, 60);
        var blur = new HeadBlur(new HeadBlurOptions { Mode = mode });
        Assert.True(blur.TryHeadRegion(frame.Persons[0], image.Width, image.Height, out var x0, out var y0, out var x1, out var y1));

        // The region covers the head keypoints (nose at (100, 60), ears 12 px to the sides).
        Assert.True(x0 <= 85 && x1 >= 115 && y0 <= 50 && y1 >= 68, $"{x0},{y0}-{x1},{y1}");
        blur.Apply(image, frame);

        var changedInside = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var i = (y * image.Stride) + (x * 3);
                var same = image.Pixels[i] == original.Pixels[i];
                var inside = x >= x0 && x < x1 && y >= y0 && y < y1;
                if (!inside)
                {
                    Assert.True(same, $"pixel ({x},{y}) outside the head changed");
                }
                else if (!same)
                {
                    changedInside++;
                }
            }
        }

        Assert.True(changedInside > (x1 - x0) * (y1 - y0) / 3, $"only {changedInside} pixels changed");
    }

    [Fact]
    public void Falls_back_to_the_box_top_and_allocates_nothing()
    {
        using var image = Checkerboard(320, 240);
        var frame = new PoseFrame();
        ref var p = ref frame.Add();
        p.Box = new BoundingBox(50, 20, 110, 200);
        var blur = new HeadBlur(new HeadBlurOptions { Mode = HeadObscuring.BoxBlur });
        Assert.True(blur.TryHeadRegion(frame.Persons[0], 320, 240, out _, out var y0, out _, out var y1));
        Assert.True(y0 <= 20 && y1 >= 45);
        blur.Apply(image, frame);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            blur.Apply(image, frame);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.False(new HeadBlur(new HeadBlurOptions { FallBackToBoxTop = false }).TryHeadRegion(frame.Persons[0], 320, 240, out _, out _, out _, out _));
    }

    private static PoseFrame Person(float noseX, float noseY)
    {
        var frame = new PoseFrame();
        ref var p = ref frame.Add();
        p.Box = new BoundingBox(noseX - 30, noseY - 20, noseX + 30, noseY + 150);
        p.Score = 0.9f;
        p.Keypoints[CocoKeypoints.Nose] = new Keypoint(noseX, noseY, 0.9f);
        p.Keypoints[CocoKeypoints.LeftEye] = new Keypoint(noseX + 4, noseY - 4, 0.9f);
        p.Keypoints[CocoKeypoints.RightEye] = new Keypoint(noseX - 4, noseY - 4, 0.9f);
        p.Keypoints[CocoKeypoints.LeftEar] = new Keypoint(noseX + 12, noseY - 2, 0.8f);
        p.Keypoints[CocoKeypoints.RightEar] = new Keypoint(noseX - 12, noseY - 2, 0.8f);
        p.Keypoints[CocoKeypoints.LeftShoulder] = new Keypoint(noseX + 22, noseY + 25, 0.9f);
        p.Keypoints[CocoKeypoints.RightShoulder] = new Keypoint(noseX - 22, noseY + 25, 0.9f);
        return frame;
    }

    private static RgbImage Checkerboard(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = (byte)(((x / 2) + (y / 2)) % 2 == 0 ? 230 : 20);
                var i = (y * image.Stride) + (x * 3);
                (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]) = (v, (byte)(255 - v), v);
            }
        }

        return image;
    }
}
