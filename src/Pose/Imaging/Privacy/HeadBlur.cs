namespace PoseCluster.Pose.Imaging.Privacy;

/// <summary>
/// Hides people's heads in a frame before it leaves the camera node: the head is placed from the nose, eye and ear
/// keypoints (centre = their mean, size from their spread, the shoulder width and the box height, whichever is largest,
/// so a profile or a single visible keypoint still covers the face), or the top of the box when none is seen; the
/// square around it is pixelated or box-blurred in place. Scratch buffers are held by the instance: no allocation per frame.
/// </summary>
public sealed class HeadBlur
{
    private readonly HeadBlurOptions _options;
    private int[] _line = new int[1024 * 3];

    /// <summary>Creates the blur with <paramref name="options"/>.</summary>
    public HeadBlur(HeadBlurOptions? options = null)
    {
        _options = options ?? new HeadBlurOptions();
        _options.Validate();
    }

    /// <summary>Hides the head of every person of <paramref name="poses"/> in <paramref name="image"/> (coordinates in its pixels).</summary>
    public void Apply(RgbImage image, PoseFrame poses)
    {
        foreach (ref readonly var person in poses.Persons)
        {
            if (TryHeadRegion(person, image.Width, image.Height, out var x0, out var y0, out var x1, out var y1))
            {
                if (_options.Mode == HeadObscuring.Pixelate)
                {
                    Pixelate(image, x0, y0, x1, y1);
                }
                else
                {
                    Blur(image, x0, y0, x1, y1);
                }
            }
        }
    }

    /// <summary>The pixel rectangle [x0, x1) x [y0, y1) hidden for <paramref name="pose"/>; false when there is nothing to hide.</summary>
    public bool TryHeadRegion(in PersonPose pose, int width, int height, out int x0, out int y0, out int x1, out int y1)
    {
        x0 = y0 = x1 = y1 = 0;
        var t = _options.MinimumKeypointScore;
        double sx = 0, sy = 0;
        var n = 0;
        for (var k = CocoKeypoints.Nose; k <= CocoKeypoints.RightEar; k++)
        {
            var p = pose.Keypoints[k];
            if (p.Score > t)
            {
                sx += p.X;
                sy += p.Y;
                n++;
            }
        }

        double cx, cy, half;
        if (n > 0)
        {
            cx = sx / n;
            cy = sy / n;
            var spread = 0.0;
            for (var a = CocoKeypoints.Nose; a <= CocoKeypoints.RightEar; a++)
            {
                for (var b = a + 1; b <= CocoKeypoints.RightEar; b++)
                {
                    var (pa, pb) = (pose.Keypoints[a], pose.Keypoints[b]);
                    if (pa.Score > t && pb.Score > t)
                    {
                        spread = Math.Max(spread, Math.Sqrt(((pa.X - pb.X) * (pa.X - pb.X)) + ((pa.Y - pb.Y) * (pa.Y - pb.Y))));
                    }
                }
            }

            var (ls, rs) = (pose.Keypoints[CocoKeypoints.LeftShoulder], pose.Keypoints[CocoKeypoints.RightShoulder]);
            var shoulders = ls.Score > t && rs.Score > t ? Math.Sqrt(((ls.X - rs.X) * (ls.X - rs.X)) + ((ls.Y - rs.Y) * (ls.Y - rs.Y))) : 0;
            var radius = Math.Max(Math.Max(0.6 * spread, 0.3 * shoulders), Math.Max(0.06 * pose.Box.Height, 3));
            cy -= 0.15 * radius; // keypoints sit low on the head: eyes and ears, not the crown
            half = radius * _options.Padding;
        }
        else if (_options.FallBackToBoxTop && pose.Box.Height > 0)
        {
            half = pose.Box.Height / 12.0;
            cx = pose.Box.CenterX;
            cy = pose.Box.Y1 + half;
            half *= 1.2;
        }
        else
        {
            return false;
        }

        x0 = Math.Clamp((int)Math.Floor(cx - half), 0, width);
        x1 = Math.Clamp((int)Math.Ceiling(cx + half), 0, width);
        y0 = Math.Clamp((int)Math.Floor(cy - half), 0, height);
        y1 = Math.Clamp((int)Math.Ceiling(cy + half), 0, height);
        return x1 > x0 && y1 > y0;
    }

    private void Pixelate(RgbImage image, int x0, int y0, int x1, int y1)
    {
        var block = Math.Max(2, Math.Max(x1 - x0, y1 - y0) / _options.Coarseness);
        var pixels = image.Pixels;
        var stride = image.Stride;
        for (var by = y0; by < y1; by += block)
        {
            var ey = Math.Min(by + block, y1);
            for (var bx = x0; bx < x1; bx += block)
            {
                var ex = Math.Min(bx + block, x1);
                int r = 0, g = 0, b = 0;
                for (var y = by; y < ey; y++)
                {
                    var row = pixels.Slice((y * stride) + (bx * 3), (ex - bx) * 3);
                    for (var i = 0; i < row.Length; i += 3)
                    {
                        r += row[i];
                        g += row[i + 1];
                        b += row[i + 2];
                    }
                }

                var count = (ey - by) * (ex - bx);
                var (mr, mg, mb) = ((byte)(r / count), (byte)(g / count), (byte)(b / count));
                for (var y = by; y < ey; y++)
                {
                    var row = pixels.Slice((y * stride) + (bx * 3), (ex - bx) * 3);
                    for (var i = 0; i < row.Length; i += 3)
                    {
                        (row[i], row[i + 1], row[i + 2]) = (mr, mg, mb);
                    }
                }
            }
        }
    }

    private void Blur(RgbImage image, int x0, int y0, int x1, int y1)
    {
        var radius = Math.Max(1, Math.Max(x1 - x0, y1 - y0) / _options.Coarseness);
        var pixels = image.Pixels;
        var stride = image.Stride;
        var w = x1 - x0;
        var h = y1 - y0;
        var needed = Math.Max(w, h) * 3;
        if (_line.Length < needed)
        {
            _line = new int[Math.Max(needed, _line.Length * 2)];
        }

        // Horizontal then vertical running mean over [i - radius, i + radius] clipped to the region: each pass copies
        // its line to the scratch buffer first so that the sums read unblurred values.
        for (var y = y0; y < y1; y++)
        {
            var offset = (y * stride) + (x0 * 3);
            for (var i = 0; i < w * 3; i++)
            {
                _line[i] = pixels[offset + i];
            }

            BlurLine(pixels, offset, 3, w, radius);
        }

        for (var x = x0; x < x1; x++)
        {
            var offset = (y0 * stride) + (x * 3);
            for (var j = 0; j < h; j++)
            {
                var p = offset + (j * stride);
                (_line[j * 3], _line[(j * 3) + 1], _line[(j * 3) + 2]) = (pixels[p], pixels[p + 1], pixels[p + 2]);
            }

            BlurLine(pixels, offset, stride, h, radius);
        }
    }

    /// <summary>Writes the running mean of the scratch line (n pixels) back to <paramref name="pixels"/> at <paramref name="offset"/>, <paramref name="step"/> bytes apart.</summary>
    private void BlurLine(Span<byte> pixels, int offset, int step, int n, int radius)
    {
        for (var c = 0; c < 3; c++)
        {
            var sum = 0;
            var hi = Math.Min(radius, n - 1);
            for (var i = 0; i <= hi; i++)
            {
                sum += _line[(i * 3) + c];
            }

            var lo = 0;
            for (var i = 0; i < n; i++)
            {
                pixels[offset + (i * step) + c] = (byte)(sum / (hi - lo + 1));
                var next = i + radius + 1;
                if (next < n)
                {
                    sum += _line[(next * 3) + c];
                    hi = next;
                }

                if (i - radius >= 0)
                {
                    sum -= _line[((i - radius) * 3) + c];
                    lo = i - radius + 1;
                }
            }
        }
    }
}
