using System.Runtime.InteropServices;

namespace PoseCluster.Pose.Onnx;

/// <summary>
/// A loaded model. <see cref="Run"/> through an <see cref="InferenceBinding"/> is thread-safe as long as each thread
/// uses its own binding, so one session per (model, device) serves every caller.
/// </summary>
public sealed unsafe class InferenceSession : IDisposable
{
    private readonly nint[] _inputNames;
    private readonly nint[] _outputNames;
    private nint _session;

    internal InferenceSession(OnnxRuntime runtime, nint session, string modelName, ExecutionDevice device, string? fallbackReason)
    {
        Runtime = runtime;
        _session = session;
        ModelName = modelName;
        Device = device;
        FallbackReason = fallbackReason;
        try
        {
            Inputs = ReadTensorInfos(input: true, out _inputNames);
            Outputs = ReadTensorInfos(input: false, out _outputNames);
        }
        catch
        {
            runtime.Api.ReleaseSession(session);
            throw;
        }
    }

    /// <summary>The model's display name (its path or catalog id).</summary>
    public string ModelName { get; }

    /// <summary>The device the session actually runs on.</summary>
    public ExecutionDevice Device { get; }

    /// <summary>Why a requested CUDA session runs on CPU; null when no fallback happened.</summary>
    public string? FallbackReason { get; }

    /// <summary>Declared inputs.</summary>
    public IReadOnlyList<TensorInfo> Inputs { get; }

    /// <summary>Declared outputs.</summary>
    public IReadOnlyList<TensorInfo> Outputs { get; }

    internal OnnxRuntime Runtime { get; }

    internal OrtApi Api => Runtime.Api;

    /// <summary>Index of the input named <paramref name="name"/>; throws naming the available inputs when absent.</summary>
    public int InputIndex(string name) => IndexOf(Inputs, name, "input");

    /// <summary>Index of the output named <paramref name="name"/>; throws naming the available outputs when absent.</summary>
    public int OutputIndex(string name) => IndexOf(Outputs, name, "output");

    /// <summary>Creates a reusable run context for one thread.</summary>
    public InferenceBinding CreateBinding() => new(this);

    internal void Run(nint* inputValues, nint* outputValues)
    {
        ObjectDisposedException.ThrowIf(_session == 0, this);
        fixed (nint* inNames = _inputNames)
        fixed (nint* outNames = _outputNames)
        {
            var status = Api.Run(_session, 0, inNames, inputValues, (nuint)_inputNames.Length, outNames, (nuint)_outputNames.Length, outputValues);
            if (status != 0)
            {
                // The context string is built only on failure: a successful run allocates nothing.
                Api.Check(status, $"running '{ModelName}'");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_session != 0)
        {
            Api.ReleaseSession(_session);
            _session = 0;
            foreach (var p in _inputNames.Concat(_outputNames))
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    private static int IndexOf(IReadOnlyList<TensorInfo> infos, string name, string kind)
    {
        for (var i = 0; i < infos.Count; i++)
        {
            if (infos[i].Name == name)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"The model has no {kind} named '{name}'; it has: {string.Join(", ", infos.Select(t => t.ToString()))}.");
    }

    private TensorInfo[] ReadTensorInfos(bool input, out nint[] names)
    {
        Api.Check(input ? Api.SessionGetInputCount(_session, out var count) : Api.SessionGetOutputCount(_session, out count));
        var infos = new TensorInfo[(int)count];
        names = new nint[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            Api.Check(input
                ? Api.SessionGetInputName(_session, i, Runtime.DefaultAllocator, out var namePtr)
                : Api.SessionGetOutputName(_session, i, Runtime.DefaultAllocator, out namePtr));
            var name = Marshal.PtrToStringUTF8(namePtr) ?? string.Empty;
            Api.Check(Api.AllocatorFree(Runtime.DefaultAllocator, (void*)namePtr));
            names[i] = Marshal.StringToCoTaskMemUTF8(name);

            Api.Check(input
                ? Api.SessionGetInputTypeInfo(_session, i, out var typeInfo)
                : Api.SessionGetOutputTypeInfo(_session, i, out typeInfo));
            try
            {
                // A non-tensor input (sequence, map) casts to null: report it as Undefined.
                Api.Check(Api.CastTypeInfoToTensorInfo(typeInfo, out var tensorInfo));
                infos[i] = tensorInfo == 0
                    ? new TensorInfo(name, TensorElementType.Undefined, [])
                    : new TensorInfo(name, (TensorElementType)ReadElementType(tensorInfo), ReadShape(tensorInfo));
            }
            finally
            {
                Api.ReleaseTypeInfo(typeInfo);
            }
        }

        return infos;
    }

    private int ReadElementType(nint tensorInfo)
    {
        Api.Check(Api.GetTensorElementType(tensorInfo, out var elementType));
        return elementType;
    }

    private long[] ReadShape(nint tensorInfo)
    {
        Api.Check(Api.GetDimensionsCount(tensorInfo, out var rank));
        var dims = new long[(int)rank];
        fixed (long* p = dims)
        {
            Api.Check(Api.GetDimensions(tensorInfo, p, rank));
        }

        return dims;
    }
}
