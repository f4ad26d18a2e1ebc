using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PoseCluster.Pose.Onnx;

/// <summary>
/// The loaded ONNX Runtime native library and its process-wide environment. A process loads one library;
/// sessions are created from it and may be shared by any number of threads (<c>Run</c> is thread-safe).
/// </summary>
public sealed unsafe class OnnxRuntime
{
    private const string CudaProviderName = "CUDAExecutionProvider";
    private const int LoggingLevelError = 3;
    private const int ArenaAllocator = 1;
    private const int MemTypeDefault = 0;

    private static readonly Lock LoadLock = new();
    private static OnnxRuntime? _loaded;

    private readonly nint _env;

    private OnnxRuntime(OrtApi api, nint env, string libraryPath, nint cpuMemoryInfo, nint defaultAllocator)
    {
        Api = api;
        _env = env;
        LibraryPath = libraryPath;
        CpuMemoryInfo = cpuMemoryInfo;
        DefaultAllocator = defaultAllocator;
        AvailableProviders = ReadAvailableProviders();
        BuildInfo = ReadBuildInfo();
    }

    /// <summary>The library's version, e.g. <c>1.30.0</c>.</summary>
    public string Version => Api.Version;

    /// <summary>Where the native library was loaded from.</summary>
    public string LibraryPath { get; }

    /// <summary>Execution providers compiled into the library (not a promise that their dependencies exist).</summary>
    public IReadOnlyList<string> AvailableProviders { get; }

    /// <summary>ONNX Runtime's build description.</summary>
    public string BuildInfo { get; }

    internal OrtApi Api { get; }

    internal nint CpuMemoryInfo { get; }

    internal nint DefaultAllocator { get; }

    /// <summary>
    /// Loads the native library once per process (later calls return the same instance). Throws
    /// <see cref="OnnxRuntimeException"/> naming every place searched when no library is found.
    /// </summary>
    public static OnnxRuntime Load(string? libraryPath = null)
    {
        lock (LoadLock)
        {
            if (_loaded is not null)
            {
                return _loaded;
            }

            var (handle, path) = OnnxRuntimeLibrary.Open(libraryPath);
            var api = OrtApi.FromLibrary(handle, path);
            var logId = "posecluster"u8;
            nint env;
            fixed (byte* id = logId)
            {
                var buffer = stackalloc byte[logId.Length + 1];
                logId.CopyTo(new Span<byte>(buffer, logId.Length));
                buffer[logId.Length] = 0;
                api.Check(api.CreateEnv(LoggingLevelError, buffer, out env), "creating the ONNX Runtime environment");
            }

            api.Check(api.CreateCpuMemoryInfo(ArenaAllocator, MemTypeDefault, out var memoryInfo), "creating CPU memory info");
            api.Check(api.GetAllocatorWithDefaultOptions(out var allocator), "getting the default allocator");
            _loaded = new OnnxRuntime(api, env, path, memoryInfo, allocator);
            return _loaded;
        }
    }

    /// <summary>Creates a session from a model file.</summary>
    public InferenceSession CreateSession(string modelPath, OnnxRuntimeOptions options, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new OnnxRuntimeException(OrtErrorCode.NoSuchFile, $"Model file '{modelPath}' does not exist.");
        }

        var pathBytes = Encoding.UTF8.GetBytes(Path.GetFullPath(modelPath) + "\0");
        return Create(modelPath, options, logger, (sessionOptions) =>
        {
            fixed (byte* p = pathBytes)
            {
                var status = Api.CreateSession(_env, p, sessionOptions, out var session);
                return (status, session);
            }
        });
    }

    /// <summary>Creates a session from model bytes already in memory (e.g. a model rewritten at load time).</summary>
    public InferenceSession CreateSession(ReadOnlyMemory<byte> model, string displayName, OnnxRuntimeOptions options, ILogger? logger = null)
    {
        return Create(displayName, options, logger, (sessionOptions) =>
        {
            fixed (byte* p = model.Span)
            {
                var status = Api.CreateSessionFromArray(_env, p, (nuint)model.Length, sessionOptions, out var session);
                return (status, session);
            }
        });
    }

    private InferenceSession Create(string displayName, OnnxRuntimeOptions options, ILogger? logger, Func<nint, (nint Status, nint Session)> create)
    {
        options.Validate();
        logger ??= NullLogger.Instance;
        string? fallbackReason = null;
        var device = options.Device;

        if (device == ExecutionDevice.Cuda)
        {
            var sessionOptions = BuildSessionOptions(options);
            try
            {
                fallbackReason = TryAppendCuda(sessionOptions, options.CudaDeviceId);
                if (fallbackReason is null)
                {
                    var (status, session) = create(sessionOptions);
                    var message = Api.TakeMessage(status);
                    if (message is null)
                    {
                        return new InferenceSession(this, session, displayName, ExecutionDevice.Cuda, null);
                    }

                    fallbackReason = $"the CUDA session could not be created: {message}";
                }
            }
            finally
            {
                Api.ReleaseSessionOptions(sessionOptions);
            }

            logger.LogWarning("CUDA requested for {Model} but unavailable ({Reason}); falling back to CPU.", displayName, fallbackReason);
            device = ExecutionDevice.Cpu;
        }

        var cpuOptions = BuildSessionOptions(options);
        try
        {
            var (status, session) = create(cpuOptions);
            Api.Check(status, $"loading model '{displayName}'");
            return new InferenceSession(this, session, displayName, device, fallbackReason);
        }
        finally
        {
            Api.ReleaseSessionOptions(cpuOptions);
        }
    }

    private nint BuildSessionOptions(OnnxRuntimeOptions options)
    {
        Api.Check(Api.CreateSessionOptions(out var sessionOptions), "creating session options");
        try
        {
            Api.Check(Api.SetSessionGraphOptimizationLevel(sessionOptions, (int)options.Optimization), "setting the graph optimisation level");
            Api.Check(Api.SetIntraOpNumThreads(sessionOptions, options.IntraOpThreads), "setting intra-op threads");
            Api.Check(Api.SetInterOpNumThreads(sessionOptions, 1), "setting inter-op threads");
            AddConfigEntry(sessionOptions, "session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");
            return sessionOptions;
        }
        catch
        {
            Api.ReleaseSessionOptions(sessionOptions);
            throw;
        }
    }

    private void AddConfigEntry(nint sessionOptions, string key, string value)
    {
        var k = Encoding.UTF8.GetBytes(key + "\0");
        var v = Encoding.UTF8.GetBytes(value + "\0");
        fixed (byte* kp = k)
        fixed (byte* vp = v)
        {
            Api.Check(Api.AddSessionConfigEntry(sessionOptions, kp, vp), $"setting session option {key}");
        }
    }

    private string? TryAppendCuda(nint sessionOptions, int deviceId)
    {
        if (!AvailableProviders.Contains(CudaProviderName))
        {
            return $"this ONNX Runtime build ({Version}) has no {CudaProviderName}";
        }

        var message = Api.TakeMessage(Api.CreateCudaProviderOptions(out var cudaOptions));
        if (message is not null)
        {
            return message;
        }

        try
        {
            var key = Encoding.UTF8.GetBytes("device_id\0");
            var value = Encoding.UTF8.GetBytes(deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\0");
            fixed (byte* kp = key)
            fixed (byte* vp = value)
            {
                var keys = stackalloc byte*[1] { kp };
                var values = stackalloc byte*[1] { vp };
                message = Api.TakeMessage(Api.UpdateCudaProviderOptions(cudaOptions, keys, values, 1));
            }

            return message ?? Api.TakeMessage(Api.SessionOptionsAppendExecutionProviderCudaV2(sessionOptions, cudaOptions));
        }
        finally
        {
            Api.ReleaseCudaProviderOptions(cudaOptions);
        }
    }

    private List<string> ReadAvailableProviders()
    {
        Api.Check(Api.GetAvailableProviders(out var providers, out var count), "listing execution providers");
        var list = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(Marshal.PtrToStringUTF8((nint)providers[i]) ?? string.Empty);
        }

        Api.Check(Api.ReleaseAvailableProviders(providers, count));
        return list;
    }

    private string ReadBuildInfo()
    {
        return Marshal.PtrToStringUTF8((nint)Api.GetBuildInfoString()) ?? string.Empty;
    }
}
