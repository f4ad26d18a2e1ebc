using System.Globalization;

namespace PoseCluster.Pose.Imaging.Drawing;

/// <summary>
/// Draws a <see cref="PoseFrame"/>'s persons onto an image: boxes, skeleton limbs coloured by body side, keypoint dots
/// and a label (<c>ID{track} {score}</c>). Pose coordinates refer to the frame's <see cref="PoseFrame.ImageWidth"/> x
/// <see cref="PoseFrame.ImageHeight"/>; they are scaled when the image has another size (a smaller preview). Allocates
/// nothing; one renderer can be shared by threads drawing on different images.
/// </summary>
public sealed class SkeletonRenderer
{
    private static readonly RgbColor[] TrackPalette =
    [
        new(255, 255, 0), new(0, 255, 255), new(255, 0, 255), new(255, 64, 64), new(64, 255, 64), new(64, 128, 255),
        new(255, 160, 0), new(160, 0, 255), new(0, 200, 120), new(255, 255, 255),
    ];

    private readonly SkeletonRendererOptions _options;
    private readonly (int A, int B, RgbColor Color)[] _limbs;
    private readonly RgbColor[] _pointColors;

    /// <summary>Creates a renderer (the options are copied and validated).</summary>
    public SkeletonRenderer(SkeletonRendererOptions? options = null)
    {
        _options = options?.Clone() ?? new SkeletonRendererOptions();
        _options.Validate();
        _pointColors = new RgbColor[CocoKeypoints.Count];
        for (var k = 0; k < CocoKeypoints.Count; k++)
        {
            _pointColors[k] = SideColor(Side(k));
        }

        _limbs = new (int, int, RgbColor)[CocoKeypoints.Skeleton.Count];
        for (var i = 0; i < _limbs.Length; i++)
        {
            var (a, b) = CocoKeypoints.Skeleton[i];
            var side = Side(a) == Side(b) ? Side(a) : 0;
            _limbs[i] = (a, b, SideColor(side));
        }
    }

    /// <summary>Draws every person of <paramref name="poses"/> onto <paramref name="image"/>.</summary>
    public void Render(RgbImage image, PoseFrame poses)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(poses);
        var sx = poses.ImageWidth > 0 ? (float)image.Width / poses.ImageWidth : 1f;
        var sy = poses.ImageHeight > 0 ? (float)image.Height / poses.ImageHeight : 1f;
        foreach (ref readonly var person in poses.Persons)
        {
            Render(image, in person, sx, sy);
        }
    }

    private void Render(RgbImage image, in PersonPose person, float sx, float sy)
    {
        var o = _options;
        var boxColor = o.ColorBoxesByTrack && person.TrackId > 0 ? TrackPalette[person.TrackId % TrackPalette.Length] : o.BoxColor;
        var box = person.Box;
        var hasBox = box.Width > 0 && box.Height > 0;
        if (o.DrawBoxes && hasBox)
        {
            RgbRasterizer.DrawRect(image, box.X1 * sx, box.Y1 * sy, box.X2 * sx, box.Y2 * sy, o.BoxThickness, boxColor);
        }

        ReadOnlySpan<Keypoint> keypoints = person.Keypoints;
        foreach (var (a, b, color) in _limbs)
        {
            var p = keypoints[a];
            var q = keypoints[b];
            if (p.Score >= o.KeypointThreshold && q.Score >= o.KeypointThreshold)
            {
                RgbRasterizer.DrawLine(image, p.X * sx, p.Y * sy, q.X * sx, q.Y * sy, o.LineThickness, color);
            }
        }

        if (o.PointRadius > 0)
        {
            for (var k = 0; k < keypoints.Length; k++)
            {
                var p = keypoints[k];
                if (p.Score >= o.KeypointThreshold)
                {
                    RgbRasterizer.FillCircle(image, p.X * sx, p.Y * sy, o.PointRadius, _pointColors[k]);
                }
            }
        }

        if (o.DrawLabels)
        {
            DrawLabel(image, in person, hasBox ? box : BoundingBox.Around(keypoints, o.KeypointThreshold), sx, sy, boxColor);
        }
    }

    private void DrawLabel(RgbImage image, in PersonPose person, BoundingBox box, float sx, float sy, RgbColor background)
    {
        if (box.Width <= 0 && box.Height <= 0)
        {
            return;
        }

        Span<char> text = stackalloc char[32];
        var length = 0;
        if (person.TrackId > 0)
        {
            // "ID" rather than "#": a 3x5 '#' reads as an 'H'.
            text[length++] = 'I';
            text[length++] = 'D';
            person.TrackId.TryFormat(text[length..], out var written, default, CultureInfo.InvariantCulture);
            length += written;
            text[length++] = ' ';
        }

        if (float.IsFinite(person.Score))
        {
            // Two decimals by hand: float.TryFormat with a custom format string allocates.
            var hundredths = (int)MathF.Round(Math.Clamp(person.Score, -999f, 999f) * 100f);
            if (hundredths < 0)
            {
                text[length++] = '-';
                hundredths = -hundredths;
            }

            (hundredths / 100).TryFormat(text[length..], out var whole, default, CultureInfo.InvariantCulture);
            length += whole;
            text[length++] = '.';
            text[length++] = (char)('0' + (hundredths / 10 % 10));
            text[length++] = (char)('0' + (hundredths % 10));
        }

        if (length == 0)
        {
            return;
        }

        var scale = _options.FontScale;
        var width = BitmapFont.MeasureWidth(length, scale) + (2 * scale);
        var height = (BitmapFont.GlyphHeight + 2) * scale;
        var x = (int)MathF.Round(box.X1 * sx);
        var y = (int)MathF.Round(box.Y1 * sy) - height;
        if (y < 0)
        {
            // No room above the box: put the label inside its top edge.
            y = (int)MathF.Round(box.Y1 * sy);
        }

        x = Math.Clamp(x, 0, Math.Max(0, image.Width - width));
        y = Math.Clamp(y, 0, Math.Max(0, image.Height - height));
        RgbRasterizer.FillRect(image, x, y, x + width, y + height, background);
        RgbRasterizer.DrawText(image, x + scale, y + scale, text[..length], scale, _options.TextColor);
    }

    /// <summary>-1 left, +1 right, 0 centre: COCO numbers left keypoints odd and right ones even from 1 on; 0 is the nose.</summary>
    private static int Side(int keypoint) => keypoint == CocoKeypoints.Nose ? 0 : keypoint % 2 == 1 ? -1 : 1;

    private RgbColor SideColor(int side) => side switch
    {
        < 0 => _options.LeftColor,
        > 0 => _options.RightColor,
        _ => _options.CenterColor,
    };
}
