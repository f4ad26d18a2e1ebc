namespace PoseCluster.Pose.Imaging.Drawing;

/// <summary>
/// A 3x5 pixel font for labels on frames (no font library is available): digits, upper-case letters (lower case maps
/// to them) and <c># . : - % / ?</c>. Each glyph is 15 bits, rows top to bottom, 3 bits per row, most significant bit
/// on the left.
/// </summary>
internal static class BitmapFont
{
    /// <summary>Glyph width in font pixels.</summary>
    public const int GlyphWidth = 3;

    /// <summary>Glyph height in font pixels.</summary>
    public const int GlyphHeight = 5;

    /// <summary>Horizontal distance between glyph origins, in font pixels (one column of spacing).</summary>
    public const int Advance = GlyphWidth + 1;

    // Arrays, not ReadOnlySpan properties: a ushort collection expression allocates a new array on every access.
    private static readonly ushort[] Digits =
    [
        0b111_101_101_101_111, 0b010_110_010_010_111, 0b111_001_111_100_111, 0b111_001_111_001_111,
        0b101_101_111_001_001, 0b111_100_111_001_111, 0b111_100_111_101_111, 0b111_001_001_001_001,
        0b111_101_111_101_111, 0b111_101_111_001_111,
    ];

    private static readonly ushort[] Letters =
    [
        0b010_101_111_101_101, 0b110_101_110_101_110, 0b011_100_100_100_011, 0b110_101_101_101_110, // A B C D
        0b111_100_110_100_111, 0b111_100_110_100_100, 0b011_100_101_101_011, 0b101_101_111_101_101, // E F G H
        0b111_010_010_010_111, 0b001_001_001_101_010, 0b101_101_110_101_101, 0b100_100_100_100_111, // I J K L
        0b101_111_111_101_101, 0b110_101_101_101_101, 0b010_101_101_101_010, 0b110_101_110_100_100, // M N O P
        0b010_101_101_110_011, 0b110_101_110_101_101, 0b011_100_010_001_110, 0b111_010_010_010_010, // Q R S T
        0b101_101_101_101_111, 0b101_101_101_101_010, 0b101_101_111_111_101, 0b101_101_010_101_101, // U V W X
        0b101_101_010_010_010, 0b111_001_010_100_111, // Y Z
    ];

    /// <summary>The glyph bits of <paramref name="c"/> (a question mark for characters the font lacks).</summary>
    public static ushort Glyph(char c) => c switch
    {
        >= '0' and <= '9' => Digits[c - '0'],
        >= 'A' and <= 'Z' => Letters[c - 'A'],
        >= 'a' and <= 'z' => Letters[c - 'a'],
        ' ' => 0,
        '#' => 0b101_111_101_111_101,
        '.' => 0b000_000_000_000_010,
        ':' => 0b000_010_000_010_000,
        '-' => 0b000_000_111_000_000,
        '%' => 0b101_001_010_100_101,
        '/' => 0b001_001_010_100_100,
        _ => 0b111_001_010_000_010,
    };

    /// <summary>Whether the glyph has a lit pixel at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public static bool IsSet(ushort glyph, int x, int y) => ((glyph >> ((GlyphHeight - 1 - y) * GlyphWidth + (GlyphWidth - 1 - x))) & 1) != 0;

    /// <summary>Width in image pixels of <paramref name="length"/> characters at <paramref name="scale"/>.</summary>
    public static int MeasureWidth(int length, int scale) => length <= 0 ? 0 : ((length * Advance) - 1) * scale;
}
