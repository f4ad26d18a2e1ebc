using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.Pose.Models;

/// <summary>
/// One shared ONNX Runtime session per (model, device): verifies the file against the catalog, applies the entry's
/// batch mode, checks the session's input against the input contract, and hands the same session to every caller.
/// </summary>
public sealed class ModelSessionCache : IDisposable
{
    private readonly ConcurrentDictionary<(string Id, ExecutionDevice Device), Lazy<InferenceSession>> _sessions = new();
    private readonly OnnxRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<OnnxRuntime> _runtime;

    /// <summary>Creates a cache over <paramref name="catalog"/>.</summary>
    public ModelSessionCache(ModelCatalog catalog, OnnxRuntimeOptions? options = null, ILogger<ModelSessionCache>? logger = null)
    {
        Catalog = catalog;
        _options = options?.Clone() ?? new OnnxRuntimeOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _runtime = new Lazy<OnnxRuntime>(() => OnnxRuntime.Load(_options.LibraryPath));
    }

    /// <summary>The catalog models come from.</summary>
    public ModelCatalog Catalog { get; }

    /// <summary>The loaded runtime (loads it on first use).</summary>
    public OnnxRuntime Runtime => _runtime.Value;

    /// <summary>The session options sessions are created with.</summary>
    public OnnxRuntimeOptions Options => _options;

    /// <summary>The shared session of model <paramref name="id"/> on the configured device.</summary>
    public InferenceSession Get(string id) => Get(Catalog.Get(id));

    /// <summary>The shared session of <paramref name="entry"/> on the configured device.</summary>
    public InferenceSession Get(ModelEntry entry)
    {
        var lazy = _sessions.GetOrAdd((entry.Id, _options.Device), _ => new Lazy<InferenceSession>(() => Open(entry), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Do not cache failures: a model installed later must load on the next attempt.
            _sessions.TryRemove(new KeyValuePair<(string, ExecutionDevice), Lazy<InferenceSession>>((entry.Id, _options.Device), lazy));
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var lazy in _sessions.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Dispose();
            }
        }

        _sessions.Clear();
    }

    private InferenceSession Open(ModelEntry entry)
    {
        var path = Catalog.PathOf(entry);
        ModelFileVerifier.Verify(entry, path);
        InferenceSession session;
        try
        {
            if (entry.Input.Batch == BatchMode.Dynamic)
            {
                var rewritten = OnnxBatchDimensionRewriter.Rewrite(File.ReadAllBytes(path), entry.Input.Name);
                session = Runtime.CreateSession(rewritten, entry.Id, _options, _logger);
            }
            else
            {
                session = Runtime.CreateSession(path, _options, _logger);
            }
        }
        catch (Exception e) when (e is OnnxRuntimeException or InvalidDataException)
        {
            throw new ModelCatalogException($"Model '{entry.Id}' ({path}) could not be loaded: {e.Message}", e);
        }

        try
        {
            ModelContractValidator.Validate(entry, session);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        _logger.LogInformation(
            "Loaded model {Model} ({Family}) on {Device}: {Inputs} -> {Outputs}",
            entry.Id, entry.Family, session.Device, string.Join(", ", session.Inputs), string.Join(", ", session.Outputs));
        return session;
    }
}
