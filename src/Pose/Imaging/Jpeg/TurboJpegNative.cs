using System.Runtime.InteropServices;

namespace PoseCluster.Pose.Imaging.Jpeg;

/// <summary>
/// The TurboJPEG C API of libturbojpeg.so.0 (Debian's libturbojpeg0; only the run-time library is needed). Signatures
/// follow turbojpeg.h of libjpeg-turbo 2.1; <c>unsigned long</c> is <see cref="CULong"/>.
/// </summary>
internal static unsafe class TurboJpegNative
{
    public const string Library = "libturbojpeg.so.0";

    /// <summary>TJPF_RGB: packed 8-bit R, G, B.</summary>
    public const int PixelFormatRgb = 0;

    /// <summary>TJFLAG_NOREALLOC: encode into the caller's buffer, never reallocate it.</summary>
    public const int FlagNoRealloc = 1024;

    /// <summary>TJFLAG_FASTDCT.</summary>
    public const int FlagFastDct = 2048;

    /// <summary>TJERR_WARNING: a recoverable problem (e.g. a truncated image still decoded as far as possible).</summary>
    public const int ErrorWarning = 0;

    [DllImport(Library, EntryPoint = "tjInitCompress")]
    public static extern nint InitCompress();

    [DllImport(Library, EntryPoint = "tjInitDecompress")]
    public static extern nint InitDecompress();

    [DllImport(Library, EntryPoint = "tjDestroy")]
    public static extern int Destroy(nint handle);

    [DllImport(Library, EntryPoint = "tjBufSize")]
    public static extern CULong BufferSize(int width, int height, int subsampling);

    [DllImport(Library, EntryPoint = "tjCompress2")]
    public static extern int Compress2(
        nint handle, byte* source, int width, int pitch, int height, int pixelFormat, byte** jpeg, CULong* jpegSize,
        int subsampling, int quality, int flags);

    [DllImport(Library, EntryPoint = "tjDecompressHeader3")]
    public static extern int DecompressHeader3(
        nint handle, byte* jpeg, CULong jpegSize, int* width, int* height, int* subsampling, int* colorspace);

    [DllImport(Library, EntryPoint = "tjDecompress2")]
    public static extern int Decompress2(
        nint handle, byte* jpeg, CULong jpegSize, byte* destination, int width, int pitch, int height, int pixelFormat,
        int flags);

    [DllImport(Library, EntryPoint = "tjGetErrorStr2")]
    public static extern byte* GetErrorString2(nint handle);

    [DllImport(Library, EntryPoint = "tjGetErrorCode")]
    public static extern int GetErrorCode(nint handle);
}
