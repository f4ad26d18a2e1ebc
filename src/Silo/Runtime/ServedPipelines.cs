using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Placement;
using PoseCluster.Grains.Inference;
using PoseCluster.Grains.Telemetry;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Silo.Runtime;

/// <summary>
/// The pipelines a silo serves: those whose every model it declares. Real mode loads each declared model's session
/// at start (a model that cannot load fails the start); simulated mode checks the models exist in the catalog and
/// runs <see cref="SimulatedPosePipeline"/> instead.
/// </summary>
internal sealed class ServedPipelines : IDisposable
{
    private readonly ModelSessionCache? _sessions;

    private ServedPipelines(IReadOnlyList<PipelineRequirement> pipelines, ModelSessionCache? sessions)
    {
        Pipelines = pipelines;
        _sessions = sessions;
    }

    /// <summary>The placement catalog: every engine pipeline with its models (weight 1), plus <c>auto</c> (no model needed).</summary>
    public static PipelineCatalog Catalog { get; } = new(
        PosePipelineFactory.Names.Select(name => new PipelineRequirement(name, PosePipelineFactory.ModelIds(new PipelineOptions { Pipeline = name }), 1.0)));

    /// <summary>The pipelines served.</summary>
    public IReadOnlyList<PipelineRequirement> Pipelines { get; }

    /// <summary>Checks (and in real mode loads) the silo's models. Throws <see cref="ModelCatalogException"/> naming a model that cannot load.</summary>
    public static ServedPipelines Load(SiloOptions options, ILoggerFactory loggerFactory)
    {
        var models = options.ServedModels;
        if (models.Count == 0)
        {
            return new ServedPipelines([], null);
        }

        var catalog = ModelCatalog.Load();
        foreach (var id in models)
        {
            catalog.Get(id);
        }

        var served = PosePipelineFactory.Names
            .Select(name => Catalog.Resolve(name)!)
            // A pipeline without a catalog model (bottomup-ae until one is added) cannot run anywhere.
            .Where(p => p.ModelIds.Count > 0 && p.ModelIds.All(models.Contains))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        if (options.SimulatedCostMs > 0)
        {
            return new ServedPipelines(served, null);
        }

        var sessions = new ModelSessionCache(
            catalog,
            new OnnxRuntimeOptions { Device = options.Device == Cluster.Membership.ExecutionDevice.Cuda ? ExecutionDevice.Cuda : ExecutionDevice.Cpu, IntraOpThreads = options.InferenceThreads },
            loggerFactory.CreateLogger<ModelSessionCache>());
        try
        {
            foreach (var id in models)
            {
                sessions.Get(id);
            }
        }
        catch
        {
            sessions.Dispose();
            throw;
        }

        return new ServedPipelines(served, sessions);
    }

    /// <summary>Starts one inference grain per served pipeline in <paramref name="directory"/>.</summary>
    public void StartGrains(InferenceDirectory directory, SiloOptions options, GrainMeter meter, ILoggerFactory loggerFactory)
    {
        foreach (var pipeline in Pipelines)
        {
            var name = pipeline.Name;
            Func<IPosePipeline> create = _sessions is { } sessions
                ? () => PosePipelineFactory.Create(new PipelineOptions { Pipeline = name }, sessions)
                : () => new SimulatedPosePipeline(name, TimeSpan.FromMilliseconds(options.SimulatedCostMs), options.SimulatedScene is { } scene ? SimulatedScene.Create(scene) : null);
            directory.Add(name, pipeline.ModelIds, pipeline.CostWeight, create, options.Inference, meter, loggerFactory);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _sessions?.Dispose();
}
