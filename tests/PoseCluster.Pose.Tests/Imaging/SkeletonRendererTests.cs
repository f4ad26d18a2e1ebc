using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Imaging.Drawing;

namespace PoseCluster.Pose.Tests.Imaging;

public sealed class SkeletonRendererTests
{
    private static readonly RgbColor Background = new(10, 10, 10);

    [Fact]
    public void Limb_between_two_keypoints_colours_the_segment_and_nothing_far_from_it()
    {
        using var image = Blank(200, 200);
        var poses = new PoseFrame { ImageWidth = 200, ImageHeight = 200 };
        ref var person = ref poses.Add();
        person.Keypoints[CocoKeypoints.LeftHip] = new Keypoint(40, 50, 0.9f);
        person.Keypoints[CocoKeypoints.LeftKnee] = new Keypoint(160, 150, 0.9f);
        person.Score = 0.9f;
        var options = new SkeletonRendererOptions { DrawBoxes = false, DrawLabels = false, PointRadius = 0, LineThickness = 3 };
        new SkeletonRenderer(options).Render(image, poses);

        // On the segment (left side: green), at several points along it.
        for (var t = 0.0; t <= 1.0; t += 0.1)
        {
            var x = (int)Math.Round(40 + (120 * t));
            var y = (int)Math.Round(50 + (100 * t));
            Assert.Equal(options.LeftColor, Pixel(image, x, y));
        }

        // Everything farther than a few pixels from the segment is untouched.
        for (var y = 0; y < 200; y++)
        {
            for (var x = 0; x < 200; x++)
            {
                if (DistanceToSegment(x, y, 40, 50, 160, 150) > 4)
                {
                    Assert.Equal(Background, Pixel(image, x, y));
                }
            }
        }
    }

    [Fact]
    public void Low_score_keypoints_are_not_drawn_and_sides_get_their_colours()
    {
        using var image = Blank(100, 100);
        var poses = new PoseFrame { ImageWidth = 100, ImageHeight = 100 };
        ref var person = ref poses.Add();
        person.Keypoints[CocoKeypoints.RightShoulder] = new Keypoint(70, 20, 0.9f);
        person.Keypoints[CocoKeypoints.RightElbow] = new Keypoint(70, 60, 0.9f);
        person.Keypoints[CocoKeypoints.LeftShoulder] = new Keypoint(20, 20, 0.9f);
        person.Keypoints[CocoKeypoints.LeftElbow] = new Keypoint(20, 60, 0.1f); // below threshold
        var options = new SkeletonRendererOptions { DrawBoxes = false, DrawLabels = false };
        new SkeletonRenderer(options).Render(image, poses);

        Assert.Equal(options.RightColor, Pixel(image, 70, 40)); // right upper arm
        Assert.Equal(options.CenterColor, Pixel(image, 45, 20)); // shoulder line crosses the body
        Assert.Equal(options.LeftColor, Pixel(image, 20, 20)); // left shoulder dot
        Assert.Equal(Background, Pixel(image, 20, 40)); // no left upper arm
        Assert.Equal(Background, Pixel(image, 20, 60)); // no dot for the weak elbow
    }

    [Fact]
    public void Box_and_label_are_drawn_and_coordinates_scale_to_the_image()
    {
        using var image = Blank(100, 50); // half the size the poses refer to
        var poses = new PoseFrame { ImageWidth = 200, ImageHeight = 100 };
        ref var person = ref poses.Add();
        person.Box = new BoundingBox(40, 40, 160, 96);
        person.Score = 0.87f;
        person.TrackId = 12;
        var options = new SkeletonRendererOptions { ColorBoxesByTrack = false, FontScale = 1 };
        new SkeletonRenderer(options).Render(image, poses);

        Assert.Equal(options.BoxColor, Pixel(image, 50, 47)); // bottom edge at y = 96 / 2 - 1
        Assert.Equal(options.BoxColor, Pixel(image, 20, 35)); // left edge at x = 40 / 2
        Assert.Equal(Background, Pixel(image, 50, 35)); // inside the box
        // The label "ID12 0.87" sits above the box: a filled background with dark glyph pixels in it.
        var labelRow = Enumerable.Range(20, 30).Select(x => Pixel(image, x, 14)).ToList();
        Assert.Contains(options.BoxColor, labelRow);
        Assert.Contains(options.TextColor, labelRow);
    }

    [Fact]
    public void Rendering_allocates_nothing()
    {
        using var image = Blank(320, 240);
        var poses = new PoseFrame { ImageWidth = 320, ImageHeight = 240 };
        for (var p = 0; p < 5; p++)
        {
            ref var person = ref poses.Add();
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                person.Keypoints[k] = new Keypoint(20 + (p * 60) + (k % 3 * 10), 20 + (k * 12), 0.8f);
            }

            person.Box = BoundingBox.Around(person.Keypoints);
            person.Score = 0.75f;
            person.TrackId = p + 1;
        }

        var renderer = new SkeletonRenderer();
        renderer.Render(image, poses);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            renderer.Render(image, poses);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Wild_coordinates_are_clipped_without_throwing()
    {
        using var image = Blank(64, 64);
        var poses = new PoseFrame();
        ref var person = ref poses.Add();
        for (var k = 0; k < CocoKeypoints.Count; k++)
        {
            person.Keypoints[k] = new Keypoint(k % 2 == 0 ? -1e9f : 1e9f, k * 1e7f, 1f);
        }

        person.Keypoints[0] = new Keypoint(float.NaN, 3, 1f);
        person.Box = new BoundingBox(-1e6f, -5, 1e6f, 1e6f);
        person.Score = float.NaN;
        new SkeletonRenderer().Render(image, poses);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new SkeletonRenderer(new SkeletonRendererOptions { LineThickness = 0 }));
        Assert.Contains(nameof(SkeletonRendererOptions.LineThickness), e.Message, StringComparison.Ordinal);
    }

    private static RgbImage Blank(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (var i = 0; i < image.Pixels.Length; i += 3)
        {
            image.Pixels[i] = Background.R;
            image.Pixels[i + 1] = Background.G;
            image.Pixels[i + 2] = Background.B;
        }

        return image;
    }

    private static RgbColor Pixel(RgbImage image, int x, int y)
    {
        var p = image.Row(y).Slice(x * 3, 3);
        return new RgbColor(p[0], p[1], p[2]);
    }

    private static double DistanceToSegment(double px, double py, double ax, double ay, double bx, double by)
    {
        double dx = bx - ax, dy = by - ay;
        var t = Math.Clamp((((px - ax) * dx) + ((py - ay) * dy)) / ((dx * dx) + (dy * dy)), 0, 1);
        return Math.Sqrt(Math.Pow(px - (ax + (t * dx)), 2) + Math.Pow(py - (ay + (t * dy)), 2));
    }
}
