using System.Buffers;

namespace PoseCluster.Pose.Imaging;

/// <summary>
/// An interleaved 8-bit RGB image (R, G, B per pixel, rows packed: stride = width x 3). The pixel buffer is rented
/// from the shared array pool and returned on <see cref="Dispose"/>, so images can be recycled per frame.
/// </summary>
public sealed class RgbImage : IDisposable
{
    private byte[]? _buffer;
    private readonly bool _pooled;

    /// <summary>Creates an image with a pooled, uninitialised buffer.</summary>
    public RgbImage(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        _buffer = ArrayPool<byte>.Shared.Rent(checked(width * height * 3));
        _pooled = true;
    }

    private RgbImage(byte[] buffer, int width, int height)
    {
        Width = width;
        Height = height;
        _buffer = buffer;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; private set; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; private set; }

    /// <summary>Bytes per row.</summary>
    public int Stride => Width * 3;

    /// <summary>Bytes of pixel data (width x height x 3).</summary>
    public int ByteLength => Width * Height * 3;

    /// <summary>The pixels, row-major RGB.</summary>
    public Span<byte> Pixels => (_buffer ?? throw new ObjectDisposedException(nameof(RgbImage))).AsSpan(0, ByteLength);

    /// <summary>Wraps an existing RGB buffer (not pooled; not copied).</summary>
    public static RgbImage Wrap(byte[] rgb, int width, int height)
    {
        if (rgb.Length < width * height * 3)
        {
            throw new ArgumentException($"A {width}x{height} RGB image needs {width * height * 3} bytes; got {rgb.Length}.", nameof(rgb));
        }

        return new RgbImage(rgb, width, height);
    }

    /// <summary>The pixels as memory, for asynchronous I/O (reading a decoder's pipe straight into the image).</summary>
    public Memory<byte> PixelMemory => (_buffer ?? throw new ObjectDisposedException(nameof(RgbImage))).AsMemory(0, ByteLength);

    /// <summary>One row of pixels.</summary>
    public Span<byte> Row(int y) => Pixels.Slice(y * Stride, Stride);

    /// <summary>
    /// Changes the size, reusing the buffer when it is large enough (a pooled image rents a bigger one otherwise).
    /// Pixel contents are undefined afterwards.
    /// </summary>
    public void Resize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var needed = checked(width * height * 3);
        if (_buffer is null || _buffer.Length < needed)
        {
            if (!_pooled)
            {
                throw new InvalidOperationException("A wrapped image cannot grow.");
            }

            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = ArrayPool<byte>.Shared.Rent(needed);
        }

        Width = width;
        Height = height;
    }

    /// <summary>A copy of this image (pooled).</summary>
    public RgbImage Clone()
    {
        var copy = new RgbImage(Width, Height);
        Pixels.CopyTo(copy.Pixels);
        return copy;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer is not null && _pooled)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = null;
    }
}
