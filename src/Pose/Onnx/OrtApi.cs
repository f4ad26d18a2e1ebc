using System.Runtime.InteropServices;

namespace PoseCluster.Pose.Onnx;

/// <summary>
/// The ONNX Runtime C API function table (<c>OrtApi</c>), read through <c>OrtGetApiBase()->GetApi(version)</c>.
/// The table is append-only across releases, so the member indices below are stable; only the members the engine
/// uses are exposed. Every call that returns an <c>OrtStatus*</c> goes through <see cref="Check"/>.
/// </summary>
internal sealed unsafe class OrtApi
{
    // Indices into the OrtApi struct (function pointers), checked against onnxruntime_c_api.h.
    private const int CreateStatusIndex = 0;
    private const int GetErrorCodeIndex = 1;
    private const int GetErrorMessageIndex = 2;
    private const int CreateEnvIndex = 3;
    private const int CreateSessionIndex = 7;
    private const int CreateSessionFromArrayIndex = 8;
    private const int RunIndex = 9;
    private const int CreateSessionOptionsIndex = 10;
    private const int SetSessionGraphOptimizationLevelIndex = 23;
    private const int SetIntraOpNumThreadsIndex = 24;
    private const int SetInterOpNumThreadsIndex = 25;
    private const int SessionGetInputCountIndex = 30;
    private const int SessionGetOutputCountIndex = 31;
    private const int SessionGetInputTypeInfoIndex = 33;
    private const int SessionGetOutputTypeInfoIndex = 34;
    private const int SessionGetInputNameIndex = 36;
    private const int SessionGetOutputNameIndex = 37;
    private const int CreateTensorWithDataAsOrtValueIndex = 49;
    private const int GetTensorMutableDataIndex = 51;
    private const int CastTypeInfoToTensorInfoIndex = 55;
    private const int GetTensorElementTypeIndex = 60;
    private const int GetDimensionsCountIndex = 61;
    private const int GetDimensionsIndex = 62;
    private const int GetTensorTypeAndShapeIndex = 65;
    private const int CreateCpuMemoryInfoIndex = 69;
    private const int AllocatorFreeIndex = 76;
    private const int GetAllocatorWithDefaultOptionsIndex = 78;
    private const int ReleaseEnvIndex = 92;
    private const int ReleaseStatusIndex = 93;
    private const int ReleaseMemoryInfoIndex = 94;
    private const int ReleaseSessionIndex = 95;
    private const int ReleaseValueIndex = 96;
    private const int ReleaseTypeInfoIndex = 98;
    private const int ReleaseTensorTypeAndShapeInfoIndex = 99;
    private const int ReleaseSessionOptionsIndex = 100;
    private const int GetAvailableProvidersIndex = 125;
    private const int ReleaseAvailableProvidersIndex = 126;
    private const int AddSessionConfigEntryIndex = 130;
    private const int SessionOptionsAppendExecutionProviderCudaV2Index = 204;
    private const int CreateCudaProviderOptionsIndex = 205;
    private const int UpdateCudaProviderOptionsIndex = 206;
    private const int ReleaseCudaProviderOptionsIndex = 208;
    private const int GetBuildInfoStringIndex = 254;

    private readonly nint* _table;

    private OrtApi(nint* table, string version, int apiVersion)
    {
        _table = table;
        Version = version;
        ApiVersion = apiVersion;
    }

    /// <summary>The library's version string, e.g. <c>1.30.0</c>.</summary>
    public string Version { get; }

    /// <summary>The API table version requested (the library's minor version).</summary>
    public int ApiVersion { get; }

    /// <summary>Loads the API table of an already loaded library handle.</summary>
    public static OrtApi FromLibrary(nint library, string libraryPath)
    {
        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBaseExport))
        {
            throw new OnnxRuntimeException(
                $"'{libraryPath}' is not an ONNX Runtime library: it exports no OrtGetApiBase.");
        }

        var getApiBase = (delegate* unmanaged<nint*>)getApiBaseExport;
        var apiBase = getApiBase();
        var getApi = (delegate* unmanaged<uint, nint*>)apiBase[0];
        var getVersion = (delegate* unmanaged<byte*>)apiBase[1];
        var version = Marshal.PtrToStringUTF8((nint)getVersion()) ?? "unknown";

        // GetApi(N) answers only for N up to the library's own minor version, so ask for exactly that.
        var parts = version.Split('.');
        if (parts.Length < 2 || !uint.TryParse(parts[1], out var minor) || minor < GetBuildInfoStringIndexMinimumVersion)
        {
            throw new OnnxRuntimeException(
                $"ONNX Runtime {version} at '{libraryPath}' is too old: PoseCluster needs 1.{GetBuildInfoStringIndexMinimumVersion} or newer.");
        }

        var table = getApi(minor);
        if (table == null)
        {
            throw new OnnxRuntimeException($"ONNX Runtime {version} at '{libraryPath}' returned no API table for version {minor}.");
        }

        return new OrtApi(table, version, (int)minor);
    }

    // GetBuildInfoString (index 254) arrived in API version 18; everything else used here is older.
    private const uint GetBuildInfoStringIndexMinimumVersion = 18;

    private nint Fn(int index) => _table[index];

    /// <summary>Throws <see cref="OnnxRuntimeException"/> carrying ORT's code and message when <paramref name="status"/> is non-null.</summary>
    public void Check(nint status, string? context = null)
    {
        if (status == 0)
        {
            return;
        }

        var code = (OrtErrorCode)((delegate* unmanaged<nint, int>)Fn(GetErrorCodeIndex))(status);
        var message = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint, nint>)Fn(GetErrorMessageIndex))(status)) ?? "(no message)";
        ReleaseStatus(status);
        throw new OnnxRuntimeException(code, context is null ? message : $"{context}: {message}");
    }

    /// <summary>Returns ORT's message for a non-null status and releases it; null for success.</summary>
    public string? TakeMessage(nint status)
    {
        if (status == 0)
        {
            return null;
        }

        var message = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint, nint>)Fn(GetErrorMessageIndex))(status)) ?? "(no message)";
        ReleaseStatus(status);
        return message;
    }

    public nint CreateStatus(OrtErrorCode code, byte* message) =>
        ((delegate* unmanaged<int, byte*, nint>)Fn(CreateStatusIndex))((int)code, message);

    public nint CreateEnv(int logLevel, byte* logId, out nint env)
    {
        nint e;
        var status = ((delegate* unmanaged<int, byte*, nint*, nint>)Fn(CreateEnvIndex))(logLevel, logId, &e);
        env = e;
        return status;
    }

    public nint CreateSession(nint env, byte* path, nint options, out nint session)
    {
        nint s;
        var status = ((delegate* unmanaged<nint, byte*, nint, nint*, nint>)Fn(CreateSessionIndex))(env, path, options, &s);
        session = s;
        return status;
    }

    public nint CreateSessionFromArray(nint env, void* data, nuint length, nint options, out nint session)
    {
        nint s;
        var status = ((delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)Fn(CreateSessionFromArrayIndex))(env, data, length, options, &s);
        session = s;
        return status;
    }

    public nint Run(nint session, nint runOptions, nint* inputNames, nint* inputs, nuint inputCount, nint* outputNames, nuint outputCount, nint* outputs) =>
        ((delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)Fn(RunIndex))(
            session, runOptions, inputNames, inputs, inputCount, outputNames, outputCount, outputs);

    public nint CreateSessionOptions(out nint options)
    {
        nint o;
        var status = ((delegate* unmanaged<nint*, nint>)Fn(CreateSessionOptionsIndex))(&o);
        options = o;
        return status;
    }

    public nint SetSessionGraphOptimizationLevel(nint options, int level) =>
        ((delegate* unmanaged<nint, int, nint>)Fn(SetSessionGraphOptimizationLevelIndex))(options, level);

    public nint SetIntraOpNumThreads(nint options, int threads) =>
        ((delegate* unmanaged<nint, int, nint>)Fn(SetIntraOpNumThreadsIndex))(options, threads);

    public nint SetInterOpNumThreads(nint options, int threads) =>
        ((delegate* unmanaged<nint, int, nint>)Fn(SetInterOpNumThreadsIndex))(options, threads);

    public nint AddSessionConfigEntry(nint options, byte* key, byte* value) =>
        ((delegate* unmanaged<nint, byte*, byte*, nint>)Fn(AddSessionConfigEntryIndex))(options, key, value);

    public nint SessionGetInputCount(nint session, out nuint count)
    {
        nuint c;
        var status = ((delegate* unmanaged<nint, nuint*, nint>)Fn(SessionGetInputCountIndex))(session, &c);
        count = c;
        return status;
    }

    public nint SessionGetOutputCount(nint session, out nuint count)
    {
        nuint c;
        var status = ((delegate* unmanaged<nint, nuint*, nint>)Fn(SessionGetOutputCountIndex))(session, &c);
        count = c;
        return status;
    }

    public nint SessionGetInputTypeInfo(nint session, nuint index, out nint typeInfo)
    {
        nint t;
        var status = ((delegate* unmanaged<nint, nuint, nint*, nint>)Fn(SessionGetInputTypeInfoIndex))(session, index, &t);
        typeInfo = t;
        return status;
    }

    public nint SessionGetOutputTypeInfo(nint session, nuint index, out nint typeInfo)
    {
        nint t;
        var status = ((delegate* unmanaged<nint, nuint, nint*, nint>)Fn(SessionGetOutputTypeInfoIndex))(session, index, &t);
        typeInfo = t;
        return status;
    }

    public nint SessionGetInputName(nint session, nuint index, nint allocator, out nint name)
    {
        nint n;
        var status = ((delegate* unmanaged<nint, nuint, nint, nint*, nint>)Fn(SessionGetInputNameIndex))(session, index, allocator, &n);
        name = n;
        return status;
    }

    public nint SessionGetOutputName(nint session, nuint index, nint allocator, out nint name)
    {
        nint n;
        var status = ((delegate* unmanaged<nint, nuint, nint, nint*, nint>)Fn(SessionGetOutputNameIndex))(session, index, allocator, &n);
        name = n;
        return status;
    }

    public nint CreateTensorWithDataAsOrtValue(nint memoryInfo, void* data, nuint byteLength, long* shape, nuint shapeLength, int elementType, out nint value)
    {
        nint v;
        var status = ((delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)Fn(CreateTensorWithDataAsOrtValueIndex))(
            memoryInfo, data, byteLength, shape, shapeLength, elementType, &v);
        value = v;
        return status;
    }

    public nint GetTensorMutableData(nint value, out void* data)
    {
        void* d;
        var status = ((delegate* unmanaged<nint, void**, nint>)Fn(GetTensorMutableDataIndex))(value, &d);
        data = d;
        return status;
    }

    public nint CastTypeInfoToTensorInfo(nint typeInfo, out nint tensorInfo)
    {
        nint t;
        var status = ((delegate* unmanaged<nint, nint*, nint>)Fn(CastTypeInfoToTensorInfoIndex))(typeInfo, &t);
        tensorInfo = t;
        return status;
    }

    public nint GetTensorElementType(nint tensorInfo, out int elementType)
    {
        int e;
        var status = ((delegate* unmanaged<nint, int*, nint>)Fn(GetTensorElementTypeIndex))(tensorInfo, &e);
        elementType = e;
        return status;
    }

    public nint GetDimensionsCount(nint tensorInfo, out nuint count)
    {
        nuint c;
        var status = ((delegate* unmanaged<nint, nuint*, nint>)Fn(GetDimensionsCountIndex))(tensorInfo, &c);
        count = c;
        return status;
    }

    public nint GetDimensions(nint tensorInfo, long* dims, nuint count) =>
        ((delegate* unmanaged<nint, long*, nuint, nint>)Fn(GetDimensionsIndex))(tensorInfo, dims, count);

    public nint GetTensorTypeAndShape(nint value, out nint tensorInfo)
    {
        nint t;
        var status = ((delegate* unmanaged<nint, nint*, nint>)Fn(GetTensorTypeAndShapeIndex))(value, &t);
        tensorInfo = t;
        return status;
    }

    public nint CreateCpuMemoryInfo(int allocatorType, int memType, out nint memoryInfo)
    {
        nint m;
        var status = ((delegate* unmanaged<int, int, nint*, nint>)Fn(CreateCpuMemoryInfoIndex))(allocatorType, memType, &m);
        memoryInfo = m;
        return status;
    }

    public nint AllocatorFree(nint allocator, void* pointer) =>
        ((delegate* unmanaged<nint, void*, nint>)Fn(AllocatorFreeIndex))(allocator, pointer);

    public nint GetAllocatorWithDefaultOptions(out nint allocator)
    {
        nint a;
        var status = ((delegate* unmanaged<nint*, nint>)Fn(GetAllocatorWithDefaultOptionsIndex))(&a);
        allocator = a;
        return status;
    }

    public nint GetAvailableProviders(out byte** providers, out int count)
    {
        byte** p;
        int c;
        var status = ((delegate* unmanaged<byte***, int*, nint>)Fn(GetAvailableProvidersIndex))(&p, &c);
        providers = p;
        count = c;
        return status;
    }

    public nint ReleaseAvailableProviders(byte** providers, int count) =>
        ((delegate* unmanaged<byte**, int, nint>)Fn(ReleaseAvailableProvidersIndex))(providers, count);

    public nint CreateCudaProviderOptions(out nint options)
    {
        nint o;
        var status = ((delegate* unmanaged<nint*, nint>)Fn(CreateCudaProviderOptionsIndex))(&o);
        options = o;
        return status;
    }

    public nint UpdateCudaProviderOptions(nint options, byte** keys, byte** values, nuint count) =>
        ((delegate* unmanaged<nint, byte**, byte**, nuint, nint>)Fn(UpdateCudaProviderOptionsIndex))(options, keys, values, count);

    public nint SessionOptionsAppendExecutionProviderCudaV2(nint sessionOptions, nint cudaOptions) =>
        ((delegate* unmanaged<nint, nint, nint>)Fn(SessionOptionsAppendExecutionProviderCudaV2Index))(sessionOptions, cudaOptions);

    /// <summary><c>const char* GetBuildInfoString(void)</c>: returns the string itself, not a status.</summary>
    public byte* GetBuildInfoString() => ((delegate* unmanaged<byte*>)Fn(GetBuildInfoStringIndex))();

    public void ReleaseEnv(nint handle) => Release(ReleaseEnvIndex, handle);

    public void ReleaseStatus(nint handle) => Release(ReleaseStatusIndex, handle);

    public void ReleaseMemoryInfo(nint handle) => Release(ReleaseMemoryInfoIndex, handle);

    public void ReleaseSession(nint handle) => Release(ReleaseSessionIndex, handle);

    public void ReleaseValue(nint handle) => Release(ReleaseValueIndex, handle);

    public void ReleaseTypeInfo(nint handle) => Release(ReleaseTypeInfoIndex, handle);

    public void ReleaseTensorTypeAndShapeInfo(nint handle) => Release(ReleaseTensorTypeAndShapeInfoIndex, handle);

    public void ReleaseSessionOptions(nint handle) => Release(ReleaseSessionOptionsIndex, handle);

    public void ReleaseCudaProviderOptions(nint handle) => Release(ReleaseCudaProviderOptionsIndex, handle);

    private void Release(int index, nint handle)
    {
        if (handle != 0)
        {
            ((delegate* unmanaged<nint, void>)Fn(index))(handle);
        }
    }
}
