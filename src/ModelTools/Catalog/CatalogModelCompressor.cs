using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PoseCluster.ModelTools.Calibration;
using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Fp16;
using PoseCluster.ModelTools.Quantization;
using PoseCluster.ModelTools.Verification;
using PoseCluster.Pose.Detection;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;

namespace PoseCluster.ModelTools.Catalog;

/// <summary>Catalog-level int8/fp16 conversion: source checks, calibration frames, conversion, file, registration, report.</summary>
internal sealed class CatalogModelCompressor(ModelSessionCache sessions, ILogger? logger) : ICatalogModelCompressor
{
    /// <summary>Folder under the models folder that derived files go to.</summary>
    public const string DerivedFolder = "derived";

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    private ModelCatalog Catalog => sessions.Catalog;

    public DerivedModelReport QuantizeInt8(string modelId, DerivedModelOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate(int8: true);
        RefuseEvaluationSet(options.CalibrationDirectory!);
        var (entry, sourcePath, model) = LoadSource(modelId);
        var (calibration, validation, description, heldOut) = Samples(entry, options, options.CalibrationDirectory!, cancellationToken);
        QuantizationResult result;
        try
        {
            // The auto method is chosen by the AP of a pipeline running the candidate, against the float pipeline on
            // held-out frames, where a pipeline can run the model; by output SQNR otherwise.
            using var scorer = options.Quantization.Method == CalibrationMethod.Auto ? PipelineAgreementScorer.TryCreate(sessions, entry, heldOut) : null;
            result = ModelQuantizerFactory.Create(sessions.Runtime, _logger).Quantize(model, calibration, validation, options.Quantization, scorer);
        }
        finally
        {
            heldOut.ForEach(f => f.Dispose());
        }

        var q = options.Quantization;
        var provenance = string.Create(
            CultureInfo.InvariantCulture,
            $"int8 QDQ of '{entry.Id}' (sha256 {entry.Sha256}) by `posecluster models quantize --int8`: per-channel symmetric int8 weights, " +
            $"{(q.Activations == ActivationQuantization.UInt8Asymmetric ? "uint8 asymmetric" : "int8 symmetric")} activations, method {result.Method.ToString().ToLowerInvariant()}" +
            $"{(q.Method == CalibrationMethod.Auto ? $" (auto, by {result.SelectionMetric})" : string.Empty)}, calibration {description}; float layers: {(result.FloatLayers.Count == 0 ? "none" : string.Join(", ", result.FloatLayers))}");
        return Register(entry, sourcePath, model, result.Model, "int8", provenance, result.Scores[result.Method], validation, result);
    }

    public DerivedModelReport ConvertFp16(string modelId, DerivedModelOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate(int8: false);
        var (entry, sourcePath, model) = LoadSource(modelId);
        var half = Fp16ConverterFactory.Create(sessions.Runtime).Convert(model, new Fp16ConversionOptions());
        var (_, validation, description, heldOut) = options.CalibrationDirectory is { } dir
            ? Samples(entry, options, dir, cancellationToken)
            : SyntheticSamples(entry);
        heldOut.ForEach(f => f.Dispose());
        var reference = ModelOutputComparer.Run(sessions.Runtime, model, validation);
        var fidelity = ModelOutputComparer.Compare(sessions.Runtime, half, validation, reference);
        var provenance = $"fp16 of '{entry.Id}' (sha256 {entry.Sha256}) by `posecluster models quantize --fp16`: float16 weights and activations, float32 inputs/outputs through Cast nodes; verified on {description}";
        return Register(entry, sourcePath, model, half, "fp16", provenance, fidelity, validation, null);
    }

    /// <summary>
    /// Calibrating on the images the variant is then evaluated on would flatter its AP: a folder inside (or holding)
    /// a COCO keypoint set is refused.
    /// </summary>
    private static void RefuseEvaluationSet(string directory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(directory)); dir is not null && dir.Exists; dir = dir.Parent)
        {
            var annotations = dir.EnumerateFiles("person_keypoints*.json").FirstOrDefault();
            if (annotations is not null)
            {
                throw new ArgumentException(
                    $"'{directory}' belongs to an evaluation set ({annotations.FullName}): calibrate on other frames, e.g. the shared videos (../shared/media/video), so the eval AP stays honest.");
            }

        }
    }

    private (ModelEntry Entry, string Path, OnnxModel Model) LoadSource(string modelId)
    {
        var entry = Catalog.Get(modelId);
        if (entry.Precision != "fp32")
        {
            throw new ArgumentException(
                $"Model '{modelId}' is already {entry.Precision}{(entry.DerivedFrom is null ? string.Empty : $" (made from '{entry.DerivedFrom}')")}: convert its float32 source instead.");
        }

        var path = Catalog.PathOf(entry);
        ModelFileVerifier.Verify(entry, path);
        return (entry, path, OnnxModel.Load(path));
    }

    /// <summary>Calibration and held-out samples, and the held-out frames themselves (the caller disposes them).</summary>
    private (List<CalibrationSample> Calibration, List<CalibrationSample> Validation, string Description, List<RgbImage> HeldOutFrames) Samples(
        ModelEntry entry, DerivedModelOptions options, string directory, CancellationToken cancellationToken)
    {
        // Frames, not samples, are split, so that no held-out frame (or person in it) was seen in calibration.
        var frames = CalibrationFrameReader.Read(directory, options.Frames + options.ValidationFrames, cancellationToken);
        var stride = Math.Max(2, frames.Count / options.ValidationFrames);
        var heldOut = frames.Where((_, i) => i % stride == stride - 1).Take(options.ValidationFrames).ToList();
        var calibrationFrames = frames.Except(heldOut).ToList();
        using var detector = entry.Input.Resize == ResizeMode.AffineCrop ? PersonDetectorFactory.Create(options.CropDetector, sessions) : null;
        var calibration = CalibrationInputBuilder.Build(entry, calibrationFrames, options.Frames, detector);
        var validation = CalibrationInputBuilder.Build(entry, heldOut, options.ValidationFrames * 4, detector);
        calibrationFrames.ForEach(f => f.Dispose());
        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"{(detector is null ? $"{calibration.Count} frames" : $"{calibration.Count} person crops of {calibrationFrames.Count} frames")} from '{Path.GetFullPath(directory)}' ({heldOut.Count} more frames held out for scoring)");
        return (calibration, validation, description, heldOut);
    }

    private static (List<CalibrationSample>, List<CalibrationSample>, string, List<RgbImage>) SyntheticSamples(ModelEntry entry)
    {
        var random = new Random(7);
        var frames = Enumerable.Range(0, 4).Select(_ =>
        {
            var pixels = new byte[entry.Input.Width * entry.Input.Height * 3];
            random.NextBytes(pixels);
            return RgbImage.Wrap(pixels, entry.Input.Width, entry.Input.Height);
        }).ToList();
        var samples = CalibrationInputBuilder.Build(entry with { Input = entry.Input with { Resize = ResizeMode.Stretch } }, frames, 4, null);
        frames.ForEach(f => f.Dispose());
        return ([], samples, "4 synthetic noise inputs", []);
    }

    private DerivedModelReport Register(
        ModelEntry entry, string sourcePath, OnnxModel source, OnnxModel derived, string precision, string provenance,
        OutputComparison fidelity, IReadOnlyList<CalibrationSample> validation, QuantizationResult? quantization)
    {
        var id = $"{entry.Id}-{precision}";
        var relative = $"{DerivedFolder}/{id}.onnx";
        var path = Catalog.PathOf(entry with { File = relative });
        derived.Proto.DocString = provenance;
        derived.Save(path, protectedPath: sourcePath);

        var times = InferenceBenchmark.MedianMilliseconds(sessions.Runtime, [source, derived], validation[0], threads: sessions.Options.IntraOpThreads);
        var (sourceMs, derivedMs) = (times[0], times[1]);
        var registered = entry with
        {
            Id = id,
            File = relative,
            Sha256 = ModelFileVerifier.Sha256Of(path),
            Size = new FileInfo(path).Length,
            Precision = precision,
            DerivedFrom = entry.Id,
            Origin = $"{entry.Origin} ({precision} variant)",
            Source = provenance,
        };
        Catalog.RegisterLocal(registered);
        _logger.LogInformation("Registered {Id} ({Path}).", id, path);
        return new DerivedModelReport
        {
            Entry = registered,
            Path = path,
            Fidelity = fidelity,
            SourceMilliseconds = sourceMs,
            DerivedMilliseconds = derivedMs,
            Quantization = quantization,
        };
    }
}
