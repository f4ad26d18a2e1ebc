using System.Runtime.InteropServices;

namespace PoseCluster.Pose.Imaging.Jpeg;

/// <summary>A TurboJPEG compressor or decompressor instance; the finalizer frees it when its thread goes away.</summary>
internal sealed class TurboJpegHandle : SafeHandle
{
    public TurboJpegHandle(nint handle)
        : base(nint.Zero, ownsHandle: true)
    {
        SetHandle(handle);
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>TurboJPEG's message for the last failure on this handle.</summary>
    public unsafe string LastError()
    {
        var text = TurboJpegNative.GetErrorString2(handle);
        return text is null ? "unknown error" : Marshal.PtrToStringUTF8((nint)text) ?? "unknown error";
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => TurboJpegNative.Destroy(handle) == 0;
}
