using Microsoft.Extensions.Logging;
using PoseCluster.Grains.Telemetry;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Grains.Inference;

/// <summary>The inference grains of this node, one per pipeline it serves.</summary>
public sealed class InferenceDirectory : IDisposable
{
    private readonly Dictionary<string, InferenceGrain> _grains = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every grain.</summary>
    public IReadOnlyCollection<IInferenceGrain> All => _grains.Values;

    /// <summary>The grain of <paramref name="pipeline"/>, or null when this node does not serve it.</summary>
    public IInferenceGrain? Find(string pipeline) => _grains.GetValueOrDefault(pipeline);

    /// <summary>Work units per second processed by all grains (frames/s x pipeline weight).</summary>
    public double WorkUnitsPerSecond => _grains.Values.Sum(g => g.FramesPerSecond * g.CostWeight);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var grain in _grains.Values)
        {
            grain.Dispose();
        }

        _grains.Clear();
    }

    /// <summary>
    /// Creates and starts the grain of <paramref name="pipeline"/>: its pipeline instances are created now (one per
    /// worker, through <paramref name="createPipeline"/>), so a model that cannot load fails here.
    /// </summary>
    public IInferenceGrain Add(
        string pipeline,
        IReadOnlyList<string> models,
        double costWeight,
        Func<IPosePipeline> createPipeline,
        InferenceGrainOptions options,
        GrainMeter meter,
        ILoggerFactory loggerFactory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pipeline);
        ArgumentNullException.ThrowIfNull(createPipeline);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (_grains.ContainsKey(pipeline))
        {
            throw new InvalidOperationException($"This node already has an inference grain for {pipeline}.");
        }

        var grain = new InferenceGrain(pipeline, models, costWeight, createPipeline, options, meter, loggerFactory.CreateLogger("PoseCluster.Grains.Inference"));
        try
        {
            grain.Start();
        }
        catch
        {
            grain.Dispose();
            throw;
        }

        _grains.Add(pipeline, grain);
        return grain;
    }
}
