using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PoseCluster.ModelTools.Calibration;
using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Inspection;
using PoseCluster.ModelTools.Preparation;
using PoseCluster.ModelTools.Verification;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.ModelTools.Quantization;

/// <summary>Prepare (normalise, fold BatchNorm) -> plan -> calibrate -> rewrite per method -> score -> keep the best.</summary>
internal sealed class QdqModelQuantizer(OnnxRuntime runtime, ILogger? logger) : IModelQuantizer
{
    private static readonly CalibrationMethod[] AllMethods = [CalibrationMethod.MinMax, CalibrationMethod.Percentile, CalibrationMethod.Entropy, CalibrationMethod.Mse];

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public QuantizationResult Quantize(
        OnnxModel model, IReadOnlyList<CalibrationSample> calibration, IReadOnlyList<CalibrationSample> validation, QuantizationOptions options, ICandidateScorer? scorer = null)
    {
        options.Validate();
        QuantizationSupportCheck.Check(model);
        if (calibration.Count == 0)
        {
            throw new ArgumentException("Quantisation needs calibration samples.");
        }

        var prepared = model.Clone();
        ModelNormalizer.Normalize(prepared);
        var folded = BatchNormalizationFolder.Fold(prepared);
        OpsetUpgrader.UpgradeForIntegerKernels(prepared);

        Dictionary<string, TensorInfo> types;
        try
        {
            types = TensorTypeProbe.Probe(runtime, prepared);
        }
        catch (OnnxRuntimeException e)
        {
            throw new UnsupportedModelException($"ONNX Runtime cannot load '{model.DisplayName}', so it cannot be calibrated: {e.Message}", e);
        }

        var plan = QuantizationPlanner.Plan(prepared, types, options);
        if (plan.WeightedNodes.Count == 0)
        {
            throw new UnsupportedModelException(
                $"'{model.DisplayName}' has no Conv, ConvTranspose or Gemm with constant float weights outside its heads: nothing to quantise.");
        }

        _logger.LogInformation(
            "Quantising {Layers} weighted layers and {Activations} activations of {Model}; {Float} weighted layers stay float; {Folded} BatchNorms folded.",
            plan.WeightedNodes.Count, plan.AllTensors.Count(), model.DisplayName, plan.FloatNodes.Count, folded);

        var stats = ActivationCollector.Collect(runtime, prepared, plan.CalibratedTensors, calibration, options.HistogramBins, options.Threads);
        var methods = options.Method == CalibrationMethod.Auto ? AllMethods : [options.Method];
        var scoringSamples = validation.Count > 0 ? validation : calibration;
        var sessionOptions = new OnnxRuntimeOptions { IntraOpThreads = options.Threads };
        var reference = ModelOutputComparer.Run(runtime, model, scoringSamples, sessionOptions);

        var scores = new Dictionary<CalibrationMethod, OutputComparison>();
        var taskScores = new Dictionary<CalibrationMethod, double>();
        OnnxModel? best = null;
        var bestMethod = methods[0];
        var bestScore = double.NegativeInfinity;
        foreach (var method in methods)
        {
            var parameters = stats.ToDictionary(
                kv => kv.Key,
                kv =>
                {
                    var (min, max) = ActivationRangeEstimator.Estimate(kv.Value, method, options.Percentile);
                    return QuantizationParameters.FromRange(min, max, options.Activations);
                },
                StringComparer.Ordinal);
            var candidate = QdqRewriter.Rewrite(prepared, plan, parameters);
            var comparison = ModelOutputComparer.Compare(runtime, candidate, scoringSamples, reference, sessionOptions);
            scores[method] = comparison;
            var score = comparison.MeanSqnr;
            if (scorer is not null && methods.Length > 1)
            {
                score = taskScores[method] = scorer.Score(candidate);
                _logger.LogInformation("{Method}: {Metric} {Score:F4}; {Comparison}", method, scorer.Metric, score, comparison);
            }
            else
            {
                _logger.LogInformation("{Method}: {Comparison}", method, comparison);
            }

            if (best is null || score > bestScore)
            {
                best = candidate;
                bestMethod = method;
                bestScore = score;
            }
        }

        return new QuantizationResult
        {
            Model = best!,
            Method = bestMethod,
            Scores = scores,
            TaskScores = taskScores,
            SelectionMetric = scorer is not null && methods.Length > 1 ? scorer.Metric : "mean output SQNR vs float32 on held-out samples",
            QuantizedLayers = plan.WeightedNodes.Count,
            QuantizedActivations = plan.AllTensors.Count(),
            FloatLayers = plan.FloatNodes.Select(n => string.IsNullOrEmpty(n.Name) ? n.Output[0] : n.Name).ToList(),
            FoldedBatchNorms = folded,
            CalibrationSamples = calibration.Count,
        };
    }
}
