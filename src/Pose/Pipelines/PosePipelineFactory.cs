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
        ["bottomup-paf"] = new("OpenPose-style heatmaps + part affinity fields -> peaks -> PAF grouping (Lightweight OpenPose)", null, "openpose-mnv2-368x432", CreateBottomUp),
        ["movenet-multipose"] = new("MoveNet MultiPose: up to 6 persons decoded from the model's output", null, "movenet-multipose-256x448", CreateBottomUp),
        ["bottomup-ae"] = new("HigherHRNet/EfficientHRNet associative embedding -> tag grouping (Hungarian)", null, null, CreateBottomUp),
        ["bottomup-bodypix"] = new("BodyPix/PoseNet heatmaps + offsets + displacements -> multi-pose tree decoding", null, "bodypix-mnv1-s16", CreateBottomUp),
    };

    /// <summary>The model family each bottom-up pipeline runs.</summary>
    private static readonly Dictionary<string, string> BottomUpFamilies = new(StringComparer.Ordinal)
    {
        ["bottomup-paf"] = "openpose-paf",
        ["movenet-multipose"] = "movenet-multipose",
        ["bottomup-ae"] = "associative-embedding",
        ["bottomup-bodypix"] = "bodypix",
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
        var detector = d.DefaultDetector is null ? null : options.DetectorModel ?? d.DefaultDetector;
        return new[] { detector, options.PoseModel ?? d.DefaultPoseModel }
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
        var poseId = ModelVariantResolver.Resolve(sessions.Catalog, options.PoseModel ?? definition.DefaultPoseModel!, options.Precision);
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

    private static IPosePipeline CreateBottomUp(string name, PipelineDefinition definition, PipelineOptions options, ModelSessionCache sessions)
    {
        var family = BottomUpFamilies[name];
        var id = options.PoseModel ?? definition.DefaultPoseModel
            ?? sessions.Catalog.Entries.FirstOrDefault(e => e.Family == family)?.Id
            ?? throw new ModelCatalogException(
                $"Pipeline '{name}' needs a model of family '{family}' and the catalog has none; add an entry (see the catalog's \"families\").");
        var entry = sessions.Catalog.Get(ModelVariantResolver.Resolve(sessions.Catalog, id, options.Precision));
        if (entry.Family != family)
        {
            throw new ModelCatalogException($"Pipeline '{name}' runs models of family '{family}'; '{id}' is '{entry.Family}'.");
        }

        if (options.DecodeOverrides.Count > 0)
        {
            entry = entry with { Decode = entry.Decode.WithOverrides(options.DecodeOverrides) };
        }

        var session = sessions.Get(entry);
        return family switch
        {
            "openpose-paf" => new BottomUpPafPipeline(name, entry, session, options),
            "movenet-multipose" => new MoveNetMultiPosePipeline(name, entry, session, options),
            "associative-embedding" => new AssociativeEmbeddingPipeline(name, entry, session, options),
            _ => new BodyPixPipeline(name, entry, session, options),
        };
    }

    private sealed record PipelineDefinition(
        string Description,
        string? DefaultDetector,
        string? DefaultPoseModel,
        Func<string, PipelineDefinition, PipelineOptions, ModelSessionCache, IPosePipeline> Create);
}
