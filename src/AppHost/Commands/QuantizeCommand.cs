using System.CommandLine;
using System.Globalization;
using PoseCluster.ModelTools.Calibration;
using PoseCluster.ModelTools.Catalog;
using PoseCluster.ModelTools.Quantization;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.AppHost.Commands;

/// <summary><c>posecluster models quantize</c>: makes an int8 or fp16 variant of a catalog model and registers it locally.</summary>
internal static class QuantizeCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("model") { Description = "Catalog id of the float32 model, e.g. simplepose-256x192." };
        var int8 = new Option<bool>("--int8") { Description = "Static int8 quantisation (QDQ, per-channel weights, calibrated activations) for CPU nodes." };
        var fp16 = new Option<bool>("--fp16") { Description = "float16 weights and activations (float32 inputs/outputs) for GPU nodes." };
        var calibration = new Option<string?>("--calibration")
        {
            Description = "Folder of calibration images/videos (recursively). Required for --int8; must not be the evaluation set.",
        };
        var frames = new Option<int>("--frames") { Description = "Calibration samples (frames, or person crops for top-down models).", DefaultValueFactory = _ => 64 };
        var method = new Option<string>("--method")
        {
            Description = "Activation range method: minmax, percentile, entropy, mse, or auto (try all; keep the best pipeline AP against float32 on held-out frames, or the best output SQNR for models without a pipeline).",
            DefaultValueFactory = _ => "auto",
        };
        method.AcceptOnlyFromAmong("minmax", "percentile", "entropy", "mse", "auto");
        var activations = new Option<string>("--activations")
        {
            Description = "Activation encoding: u8 (uint8 asymmetric, fastest here) or s8 (int8 symmetric).",
            DefaultValueFactory = _ => "u8",
        };
        activations.AcceptOnlyFromAmong("u8", "s8");
        var keepFloat = new Option<string[]>("--keep-float") { Description = "Extra node names to keep in float.", AllowMultipleArgumentsPerToken = true };
        var headDepth = new Option<int>("--float-head-depth")
        {
            Description = "Weighted layers before each output kept in float (0 quantises the heads too).",
            DefaultValueFactory = _ => 1,
        };
        var threads = CommonOptions.Threads();

        var command = new Command("quantize", "Make an int8 (--int8) or fp16 (--fp16) variant MODEL-int8 / MODEL-fp16 of a catalog model in models/derived/ and register it in models/catalog.local.json.")
        {
            id, int8, fp16, calibration, frames, method, activations, keepFloat, headDepth, threads,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            token =>
            {
                var wantInt8 = parse.GetValue(int8);
                var wantFp16 = parse.GetValue(fp16);
                if (wantInt8 == wantFp16)
                {
                    throw new ArgumentException("Pass exactly one of --int8 or --fp16.");
                }

                var options = new DerivedModelOptions { CalibrationDirectory = parse.GetValue(calibration), Frames = parse.GetValue(frames) };
                options.Quantization.Method = Enum.Parse<CalibrationMethod>(parse.GetValue(method)!, ignoreCase: true);
                options.Quantization.Activations = parse.GetValue(activations) == "s8" ? ActivationQuantization.Int8Symmetric : ActivationQuantization.UInt8Asymmetric;
                options.Quantization.FloatHeadDepth = parse.GetValue(headDepth);
                options.Quantization.Threads = parse.GetValue(threads);
                foreach (var node in parse.GetValue(keepFloat) ?? [])
                {
                    options.Quantization.ExcludedNodes.Add(node);
                }

                using var sessions = new ModelSessionCache(ModelCatalog.Load(), new OnnxRuntimeOptions { IntraOpThreads = parse.GetValue(threads) });
                var compressor = CatalogModelCompressorFactory.Create(sessions);
                var modelId = parse.GetValue(id)!;
                var report = wantInt8 ? compressor.QuantizeInt8(modelId, options, token) : compressor.ConvertFp16(modelId, options, token);
                Print(report);
                return Task.FromResult(0);
            },
            ct));
        return command;
    }

    private static void Print(DerivedModelReport report)
    {
        var e = report.Entry;
        Console.WriteLine($"{e.Id}: {report.Path}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  size      {e.Size / 1e6:F2} MB, sha256 {e.Sha256}"));
        if (report.Quantization is { } q)
        {
            Console.WriteLine($"  layers    {q.QuantizedLayers} weighted layers int8, {q.QuantizedActivations} activations quantised, {q.FoldedBatchNorms} BatchNorms folded");
            Console.WriteLine($"  float     {(q.FloatLayers.Count == 0 ? "none" : string.Join(", ", q.FloatLayers))}");
            Console.WriteLine($"  chosen by {q.SelectionMetric}");
            foreach (var (m, c) in q.Scores)
            {
                var task = q.TaskScores.TryGetValue(m, out var ap) ? string.Create(CultureInfo.InvariantCulture, $"AP {ap:F3}  ") : string.Empty;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(m == q.Method ? "*" : " ")} {m.ToString().ToLowerInvariant(),-10} {task}mean SQNR {c.MeanSqnr:F1} dB  ({c})"));
            }
        }
        else
        {
            Console.WriteLine($"  fidelity  {report.Fidelity}");
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  speed     {report.SourceMilliseconds:F2} ms ({e.DerivedFrom}) -> {report.DerivedMilliseconds:F2} ms ({e.Id}) on CPU: {report.SourceMilliseconds / report.DerivedMilliseconds:F2}x"));
        Console.WriteLine($"  provenance {e.Source}");
    }
}
