using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PoseCluster.AppHost.Setup;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Nms;
using PoseCluster.Pose.Onnx;
using PoseCluster.Pose.Pipelines;
using PoseCluster.Pose.TopDown;

namespace PoseCluster.AppHost.Commands;

/// <summary>The pipeline options every engine verb (run, eval, bench) takes, and how they become engine options.</summary>
internal sealed class PipelineArguments
{
    public Option<string> Pipeline { get; } = new("--pipeline", "-p")
    {
        Description = $"Pipeline: {string.Join(", ", PosePipelineFactory.Names.Order(StringComparer.Ordinal))}.",
        DefaultValueFactory = _ => "topdown",
    };

    public Option<string?> Detector { get; } = new("--detector") { Description = "Person detector model id (top-down pipelines)." };

    public Option<string?> PoseModel { get; } = new("--pose-model") { Description = "Pose model id (default: the pipeline's)." };

    public Option<string> Precision { get; } = new("--precision")
    {
        Description = "Model precision: fp32 (models as named), int8 (CPU integer kernels) or fp16 (GPU): the catalog variants ID-int8/ID-fp16 made by `models quantize`.",
        DefaultValueFactory = _ => "fp32",
    };

    public Option<HeatmapDecoding> Decoding { get; } = new("--decoding")
    {
        Description = "Heatmap decoding: dark, quarter or argmax.",
        DefaultValueFactory = _ => HeatmapDecoding.Dark,
    };

    public Option<bool> NoDarkGuard { get; } = new("--no-dark-guard") { Description = "DARK exactly as the reference code (no guard on Taylor steps)." };

    public Option<OksNmsMode> Nms { get; } = new("--nms")
    {
        Description = "Pose NMS: parallel (Matrix-NMS style), classic (greedy) or none.",
        DefaultValueFactory = _ => OksNmsMode.Parallel,
    };

    public Option<float?> NmsThreshold { get; } = new("--nms-threshold") { Description = "Classic OKS-NMS threshold (default 0.9)." };

    public Option<OksNmsDecay?> NmsDecay { get; } = new("--nms-decay") { Description = "Parallel OKS-NMS decay: gaussian or linear." };

    public Option<float?> DetectionThreshold { get; } = new("--detection-threshold") { Description = "Detector score threshold (default: the catalog's)." };

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Pose-model decode parameter overrides, key=value (e.g. --set upsample=8).",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<ExecutionDevice> Device { get; } = CommonOptions.Device();

    public Option<int> Threads { get; } = CommonOptions.Threads();

    public Option<string?> ModelsFrom { get; } = CommonOptions.ModelsFrom();

    public void AddTo(Command command)
    {
        Precision.AcceptOnlyFromAmong("fp32", "int8", "fp16");
        foreach (var option in new Option[] { Pipeline, Detector, PoseModel, Precision, Decoding, NoDarkGuard, Nms, NmsThreshold, NmsDecay, DetectionThreshold, Set, Device, Threads, ModelsFrom })
        {
            command.Options.Add(option);
        }
    }

    public PipelineOptions ToPipelineOptions(ParseResult parse)
    {
        var nms = new OksNmsOptions { Mode = parse.GetValue(Nms) };
        if (parse.GetValue(NmsThreshold) is { } threshold)
        {
            nms.Threshold = threshold;
        }

        if (parse.GetValue(NmsDecay) is { } decay)
        {
            nms.Decay = decay;
        }

        var options = new PipelineOptions
        {
            Pipeline = parse.GetValue(Pipeline)!,
            DetectorModel = parse.GetValue(Detector),
            PoseModel = parse.GetValue(PoseModel),
            Precision = ModelVariantResolver.Parse(parse.GetValue(Precision)!),
            Decoding = parse.GetValue(Decoding),
            DarkGuard = !parse.GetValue(NoDarkGuard),
            DetectionThreshold = parse.GetValue(DetectionThreshold),
            Nms = nms,
        };
        foreach (var pair in parse.GetValue(Set) ?? [])
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"--set expects key=value, got '{pair}'.");
            }

            options.DecodeOverrides[pair[..eq]] = pair[(eq + 1)..];
        }

        options.Validate();
        return options;
    }

    public OnnxRuntimeOptions ToRuntimeOptions(ParseResult parse)
    {
        var options = new OnnxRuntimeOptions { Device = parse.GetValue(Device), IntraOpThreads = parse.GetValue(Threads) };
        options.Validate();
        return options;
    }

    /// <summary>Runs set-up if something is missing, then opens the catalog's sessions.</summary>
    public async Task<ModelSessionCache> OpenSessionsAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await EnvironmentSetup.EnsureAsync(SetupProfile.Runtime, parse.GetValue(ModelsFrom), cancellationToken);
        return new ModelSessionCache(ModelCatalog.Load(), ToRuntimeOptions(parse), ConsoleLogging.Factory.CreateLogger<ModelSessionCache>());
    }

    public static string Describe(PipelineOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"{options.Pipeline} [{string.Join(" + ", PosePipelineFactory.ModelIds(options))}] {options.Precision.ToString().ToLowerInvariant()}, decoding {options.Decoding}, NMS {options.Nms.Mode}");
}
