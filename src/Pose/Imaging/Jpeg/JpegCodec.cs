using System.Buffers;
using System.Runtime.InteropServices;

namespace PoseCluster.Pose.Imaging.Jpeg;

/// <summary>
/// JPEG encoding and decoding through libturbojpeg (SIMD libjpeg-turbo; about 0.2 ms for a 456x256 frame). Thread
/// safe: each thread uses its own TurboJPEG instances. Encoding writes straight into the caller's buffer and decoding
/// into a pooled (or the caller's) image, so a steady stream allocates nothing.
/// </summary>
public static unsafe class JpegCodec
{
    private const string MissingLibraryAdvice =
        "libturbojpeg.so.0 (TurboJPEG) is not installed: install the Debian package libturbojpeg0 " +
        "(apt-get install libturbojpeg0) or run ./posecluster setup.";

    [ThreadStatic]
    private static TurboJpegHandle? t_compressor;

    [ThreadStatic]
    private static TurboJpegHandle? t_decompressor;

    private static readonly Lazy<bool> Available = new(() =>
    {
        if (!NativeLibrary.TryLoad(TurboJpegNative.Library, typeof(JpegCodec).Assembly, null, out var library))
        {
            return false;
        }

        NativeLibrary.Free(library);
        return true;
    });

    /// <summary>Whether libturbojpeg can be loaded on this machine.</summary>
    public static bool IsAvailable => Available.Value;

    /// <summary>The most bytes an encoded <paramref name="width"/> x <paramref name="height"/> image can take.</summary>
    public static int MaxEncodedLength(int width, int height, JpegChromaSubsampling subsampling = JpegChromaSubsampling.Yuv420)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        nuint size;
        try
        {
            size = TurboJpegNative.BufferSize(width, height, (int)subsampling).Value;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new ImageCodecException(MissingLibraryAdvice, e);
        }

        return size > int.MaxValue ? throw new ArgumentException($"A {width}x{height} JPEG is too large.") : (int)size;
    }

    /// <summary>
    /// Encodes <paramref name="image"/> into <paramref name="output"/> and returns the number of bytes written.
    /// With a reused writer (e.g. a cleared <see cref="ArrayBufferWriter{T}"/>), a steady stream allocates nothing.
    /// </summary>
    public static int Encode(RgbImage image, IBufferWriter<byte> output, JpegCodecOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(output);
        options ??= JpegCodecOptions.Default;
        var span = output.GetSpan(MaxEncodedLength(image.Width, image.Height, options.Subsampling));
        var written = Encode(image, span, options);
        output.Advance(written);
        return written;
    }

    /// <summary>
    /// Encodes <paramref name="image"/> into <paramref name="destination"/>, which must hold at least
    /// <see cref="MaxEncodedLength"/> bytes, and returns the number of bytes written.
    /// </summary>
    public static int Encode(RgbImage image, Span<byte> destination, JpegCodecOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= JpegCodecOptions.Default;
        options.Validate();
        var needed = MaxEncodedLength(image.Width, image.Height, options.Subsampling);
        if (destination.Length < needed)
        {
            throw new ArgumentException(
                $"A {image.Width}x{image.Height} JPEG needs a buffer of {needed} bytes (MaxEncodedLength); got {destination.Length}.",
                nameof(destination));
        }

        var compressor = Compressor();
        var flags = TurboJpegNative.FlagNoRealloc | (options.FastDct ? TurboJpegNative.FlagFastDct : 0);
        fixed (byte* source = image.Pixels)
        fixed (byte* target = destination)
        {
            var jpeg = target;
            var size = new CULong((nuint)destination.Length);
            var result = TurboJpegNative.Compress2(
                compressor.DangerousGetHandle(), source, image.Width, image.Stride, image.Height, TurboJpegNative.PixelFormatRgb,
                &jpeg, &size, (int)options.Subsampling, options.Quality, flags);
            if (result != 0 || jpeg != target)
            {
                throw new ImageCodecException($"JPEG encoding of a {image.Width}x{image.Height} image failed: {compressor.LastError()}.");
            }

            return (int)size.Value;
        }
    }

    /// <summary>Reads the size of a JPEG image without decoding it.</summary>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> jpeg)
    {
        var decompressor = Decompressor();
        fixed (byte* data = jpeg)
        {
            return Header(decompressor, data, jpeg.Length);
        }
    }

    /// <summary>Decodes a JPEG image into a new pooled image (the caller disposes it).</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> jpeg)
    {
        var (width, height) = ReadSize(jpeg);
        var image = new RgbImage(width, height);
        try
        {
            Decode(jpeg, image);
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Decodes a JPEG image into <paramref name="destination"/>, resizing it to the JPEG's size (reusing its buffer
    /// when large enough). A damaged but partly decodable image is returned as far as it decodes.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> jpeg, RgbImage destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var decompressor = Decompressor();
        fixed (byte* data = jpeg)
        {
            var (width, height) = Header(decompressor, data, jpeg.Length);
            destination.Resize(width, height);
            fixed (byte* target = destination.Pixels)
            {
                var handle = decompressor.DangerousGetHandle();
                var result = TurboJpegNative.Decompress2(
                    handle, data, new CULong((nuint)jpeg.Length), target, width, destination.Stride, height,
                    TurboJpegNative.PixelFormatRgb, 0);
                // libjpeg-turbo reports recoverable problems (e.g. premature end of data) as -1 with a warning code:
                // the image is decoded as far as the data goes, which beats failing a whole frame.
                if (result != 0 && TurboJpegNative.GetErrorCode(handle) != TurboJpegNative.ErrorWarning)
                {
                    throw new ImageCodecException($"Not a decodable JPEG image: {decompressor.LastError()}.");
                }
            }
        }
    }

    private static (int Width, int Height) Header(TurboJpegHandle decompressor, byte* data, int length)
    {
        if (length < 4)
        {
            throw new ImageCodecException($"Not a JPEG image: only {length} bytes.");
        }

        int width, height, subsampling, colorspace;
        var result = TurboJpegNative.DecompressHeader3(
            decompressor.DangerousGetHandle(), data, new CULong((nuint)length), &width, &height, &subsampling, &colorspace);
        if (result != 0 || width <= 0 || height <= 0)
        {
            throw new ImageCodecException($"Not a JPEG image: {decompressor.LastError()}.");
        }

        if ((long)width * height * 3 > Array.MaxLength)
        {
            throw new ImageCodecException($"The JPEG image is too large ({width}x{height}).");
        }

        return (width, height);
    }

    private static TurboJpegHandle Compressor() =>
        t_compressor ??= Create(static () => TurboJpegNative.InitCompress(), "compressor");

    private static TurboJpegHandle Decompressor() =>
        t_decompressor ??= Create(static () => TurboJpegNative.InitDecompress(), "decompressor");

    private static TurboJpegHandle Create(Func<nint> init, string what)
    {
        nint handle;
        try
        {
            handle = init();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new ImageCodecException(MissingLibraryAdvice, e);
        }

        return handle == nint.Zero
            ? throw new ImageCodecException($"TurboJPEG could not create a {what} (out of memory?).")
            : new TurboJpegHandle(handle);
    }
}
