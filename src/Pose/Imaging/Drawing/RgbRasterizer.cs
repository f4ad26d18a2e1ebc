namespace PoseCluster.Pose.Imaging.Drawing;

/// <summary>
/// Clipped drawing primitives on an <see cref="RgbImage"/>: rectangles, thick lines, discs and bitmap text. No
/// anti-aliasing; nothing is allocated. Coordinates outside the image (or not finite) are clipped or ignored.
/// </summary>
internal static class RgbRasterizer
{
    /// <summary>Fills the rectangle [x0, x1) x [y0, y1).</summary>
    public static void FillRect(RgbImage image, int x0, int y0, int x1, int y1, RgbColor color)
    {
        x0 = Math.Max(x0, 0);
        y0 = Math.Max(y0, 0);
        x1 = Math.Min(x1, image.Width);
        y1 = Math.Min(y1, image.Height);
        if (x0 >= x1 || y0 >= y1)
        {
            return;
        }

        for (var y = y0; y < y1; y++)
        {
            var row = image.Row(y);
            for (var x = x0; x < x1; x++)
            {
                row[x * 3] = color.R;
                row[(x * 3) + 1] = color.G;
                row[(x * 3) + 2] = color.B;
            }
        }
    }

    /// <summary>Draws the outline of the box from (x0, y0) to (x1, y1), <paramref name="thickness"/> pixels wide, inside the box.</summary>
    public static void DrawRect(RgbImage image, float x0, float y0, float x1, float y1, int thickness, RgbColor color)
    {
        if (!float.IsFinite(x0) || !float.IsFinite(y0) || !float.IsFinite(x1) || !float.IsFinite(y1) ||
            x1 < 0 || y1 < 0 || x0 > image.Width || y0 > image.Height)
        {
            return;
        }

        int left = Clamp(x0, image.Width), top = Clamp(y0, image.Height), right = Clamp(x1, image.Width), bottom = Clamp(y1, image.Height);
        FillRect(image, left, top, right, top + thickness, color);
        FillRect(image, left, bottom - thickness, right, bottom, color);
        FillRect(image, left, top, left + thickness, bottom, color);
        FillRect(image, right - thickness, top, right, bottom, color);
    }

    /// <summary>Draws a line of <paramref name="thickness"/> pixels (a square pen stepped along it).</summary>
    public static void DrawLine(RgbImage image, float x0, float y0, float x1, float y1, int thickness, RgbColor color)
    {
        // Clip to the image (plus the pen) first: a wild keypoint must not make the loop below run for ages.
        var margin = thickness;
        if (!ClipLine(ref x0, ref y0, ref x1, ref y1, -margin, -margin, image.Width + margin, image.Height + margin))
        {
            return;
        }

        var dx = x1 - x0;
        var dy = y1 - y0;
        var steps = (int)MathF.Ceiling(MathF.Max(MathF.Abs(dx), MathF.Abs(dy)));
        var half = (thickness - 1) / 2;
        for (var i = 0; i <= steps; i++)
        {
            var t = steps == 0 ? 0f : (float)i / steps;
            var x = (int)MathF.Round(x0 + (dx * t)) - half;
            var y = (int)MathF.Round(y0 + (dy * t)) - half;
            FillRect(image, x, y, x + thickness, y + thickness, color);
        }
    }

    /// <summary>Fills a disc of <paramref name="radius"/> pixels around (cx, cy).</summary>
    public static void FillCircle(RgbImage image, float cx, float cy, int radius, RgbColor color)
    {
        if (!float.IsFinite(cx) || !float.IsFinite(cy) || cx < -radius || cy < -radius || cx > image.Width + radius || cy > image.Height + radius)
        {
            return;
        }

        int x = (int)MathF.Round(cx), y = (int)MathF.Round(cy);
        for (var oy = -radius; oy <= radius; oy++)
        {
            var span = (int)MathF.Sqrt((radius * radius) - (oy * oy) + 0.5f);
            FillRect(image, x - span, y + oy, x + span + 1, y + oy + 1, color);
        }
    }

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (x, y), each font pixel <paramref name="scale"/> image pixels.</summary>
    public static void DrawText(RgbImage image, int x, int y, ReadOnlySpan<char> text, int scale, RgbColor color)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var glyph = BitmapFont.Glyph(text[i]);
            var originX = x + (i * BitmapFont.Advance * scale);
            for (var gy = 0; gy < BitmapFont.GlyphHeight; gy++)
            {
                for (var gx = 0; gx < BitmapFont.GlyphWidth; gx++)
                {
                    if (BitmapFont.IsSet(glyph, gx, gy))
                    {
                        var px = originX + (gx * scale);
                        var py = y + (gy * scale);
                        FillRect(image, px, py, px + scale, py + scale, color);
                    }
                }
            }
        }
    }

    private static int Clamp(float value, int limit) => (int)MathF.Round(Math.Clamp(value, 0f, limit));

    /// <summary>Liang-Barsky clipping of a segment to [minX, maxX] x [minY, maxY]; false when nothing is left.</summary>
    private static bool ClipLine(ref float x0, ref float y0, ref float x1, ref float y1, float minX, float minY, float maxX, float maxY)
    {
        if (!float.IsFinite(x0) || !float.IsFinite(y0) || !float.IsFinite(x1) || !float.IsFinite(y1))
        {
            return false;
        }

        float dx = x1 - x0, dy = y1 - y0, t0 = 0f, t1 = 1f;
        if (!Clip(-dx, x0 - minX, ref t0, ref t1) || !Clip(dx, maxX - x0, ref t0, ref t1) ||
            !Clip(-dy, y0 - minY, ref t0, ref t1) || !Clip(dy, maxY - y0, ref t0, ref t1))
        {
            return false;
        }

        var sx = x0;
        var sy = y0;
        x0 = sx + (t0 * dx);
        y0 = sy + (t0 * dy);
        x1 = sx + (t1 * dx);
        y1 = sy + (t1 * dy);
        return true;
    }

    private static bool Clip(float p, float q, ref float t0, ref float t1)
    {
        if (p == 0f)
        {
            return q >= 0f;
        }

        var r = q / p;
        if (p < 0f)
        {
            if (r > t1)
            {
                return false;
            }

            t0 = MathF.Max(t0, r);
        }
        else
        {
            if (r < t0)
            {
                return false;
            }

            t1 = MathF.Min(t1, r);
        }

        return true;
    }
}
