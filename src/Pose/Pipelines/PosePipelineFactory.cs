using PoseCluster.Pose.Detection;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.TopDown;

namespace PoseCluster.Pose.Pipelines;

/// <summary>Creates pipelines by name; each name has default models that options may override.</summary>
public static class PosePipelineFactory
{
    private static readonly Dictionary<string, PipelineDefinition> Definitions = new(StringComparer.Ordinal)
    {
        ["topdown"] = new("Person detector -> heatmap pose model (batched crops) -> DARK -> OKS-NMS", "yolox-nano-416", "simplepose-256x192", CreateTopDown),
        ["topdown-movenet"] = new("Person detector -> MoveNet SinglePose on square crops -> OKS-NMS", "yolox-nano-416", "movenet-thunder-256", CreateTopDown),
        ["topdown-blazepose"] = new("Person detector -> BlazePose landmarks on square crops -> OKS-NMS", "yolox-nano-416", "blazepose-full-256", CreateTopDown),
    };

    /// <summary>Names of the available pipelines.</summary>
    public static IReadOnlyCollection<string> Names => Definitions.Keys;

    /// <summary>A one-line description of a pipeline.</summary>
    public static string Describe(string name) => Lookup(name).Description;

    /// <summary>Creates the pipeline <paramref name="options"/> names, sharing sessions through <paramref name="sessions"/>.</summary>
    public static IPosePipeline Create(PipelineOptions options, ModelSessionCache sessions)
    {
        options.Validate();
        var definition = Lookup(options.Pipeline);
        return definition.Create(options.Pipeline, definition, options, sessions);
    }

    /// <summary>The catalog ids a pipeline would use with <paramref name="options"/>, before precision resolution.</summary>
    public static IReadOnlyList<string> ModelIds(PipelineOptions options)
    {
        var d = Lookup(options.Pipeline);
        return new[] { options.DetectorModel ?? d.DefaultDetector, options.PoseModel ?? d.DefaultPoseModel }
            .Where(id => id is not null).Select(id => id!).ToList();
    }

    /// <summary>
    /// The catalog ids a pipeline would use with <paramref name="options"/> at <see cref="PipelineOptions.Precision"/>;
    /// throws <see cref="ModelCatalogException"/> saying how to create a missing variant.
    /// </summary>
    public static IReadOnlyList<string> ModelIds(PipelineOptions options, ModelCatalog catalog) =>
        ModelIds(options).Select(id => ModelVariantResolver.Resolve(catalog, id, options.Precision)).ToList();

    private static PipelineDefinition Lookup(string name) =>
        Definitions.TryGetValue(name, out var d)
            ? d
            : throw new ArgumentException($"Unknown pipeline '{name}'. Pipelines: {string.Join(", ", Definitions.Keys.Order(StringComparer.Ordinal))}.");

    private static IPosePipeline CreateTopDown(string name, PipelineDefinition definition, PipelineOptions options, ModelSessionCache sessions)
    {
        // Resolve both ids before loading anything, so a missing variant fails fast with one clear message.
        var detectorId = ModelVariantResolver.Resolve(sessions.Catalog, options.DetectorModel ?? definition.DefaultDetector!, options.Precision);
        var poseId = ModelVariantResolver.Resolve(sessions.Catalog, options.PoseModel ?? definition.DefaultPoseModel, options.Precision);
        var detector = PersonDetectorFactory.Create(detectorId, sessions);
        try
        {
            var estimator = TopDownEstimatorFactory.Create(poseId, sessions, options.Decoding, options.DarkGuard, options.MaxCropBatch);
            return new TopDownPipeline(name, detector, estimator, options);
        }
        catch
        {
            detector.Dispose();
            throw;
        }
    }

    private sealed record PipelineDefinition(
        string Description,
        string? DefaultDetector,
        string DefaultPoseModel,
        Func<string, PipelineDefinition, PipelineOptions, ModelSessionCache, IPosePipeline> Create);
}
