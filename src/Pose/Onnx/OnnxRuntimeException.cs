namespace PoseCluster.Pose.Onnx;

/// <summary>An error reported by ONNX Runtime, or by the binding while loading it; carries ORT's own message.</summary>
public sealed class OnnxRuntimeException : Exception
{
    /// <summary>Creates an exception for a binding-level failure (no ORT status).</summary>
    public OnnxRuntimeException(string message)
        : base(message)
    {
        Code = OrtErrorCode.Fail;
    }

    /// <summary>Creates an exception from an ORT status code and message.</summary>
    public OnnxRuntimeException(OrtErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Creates an exception wrapping another failure.</summary>
    public OnnxRuntimeException(string message, Exception inner)
        : base(message, inner)
    {
        Code = OrtErrorCode.Fail;
    }

    /// <summary>ONNX Runtime's error code.</summary>
    public OrtErrorCode Code { get; }
}
