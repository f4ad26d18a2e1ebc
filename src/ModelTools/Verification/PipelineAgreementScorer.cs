using System.Globalization;
using System.Text.Json;
using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Quantization;
using PoseCluster.Pose;
using PoseCluster.Pose.Evaluation;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.ModelTools.Verification;

/// <summary>
/// Scores a candidate by the COCO keypoint AP of a pipeline that uses it, measured against what the same pipeline
/// with the float model finds on held-out calibration frames (pseudo ground truth). The task's own metric, without
/// letting the evaluation set choose anything: the evaluation set stays for the final report.
/// </summary>
internal sealed class PipelineAgreementScorer : ICandidateScorer, IDisposable
{
    // Pseudo ground truth: confident persons and joints of the float pipeline only.
    private const float PersonScoreThreshold = 0.3f;
    private const float KeypointScoreThreshold = 0.3f;

    private readonly ModelSessionCache _sessions;
    private readonly ModelEntry _model;
    private readonly IReadOnlyList<RgbImage> _frames;
    private readonly PipelineOptions _pipeline;
    private readonly bool _isDetector;
    private readonly string _directory;
    private readonly CocoKeypointDataset _truth;
    private int _candidates;

    private PipelineAgreementScorer(ModelSessionCache sessions, ModelEntry model, IReadOnlyList<RgbImage> frames, PipelineOptions pipeline, bool isDetector)
    {
        _sessions = sessions;
        _model = model;
        _frames = frames;
        _pipeline = pipeline;
        _isDetector = isDetector;
        _directory = Path.Combine(Path.GetTempPath(), "posecluster-quantize", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, ModelCatalog.CatalogFileName), """{ "version": 1, "models": [] }""");
        _truth = PseudoGroundTruth(Run(sessions, pipeline));
        Metric = string.Create(CultureInfo.InvariantCulture, $"{pipeline.Pipeline} AP vs float32 on {frames.Count} held-out frames ({_truth.Annotations.Count} persons)");
    }

    public string Metric { get; }

    /// <summary>A scorer for <paramref name="model"/> when a pipeline of this build can run it; null otherwise.</summary>
    public static PipelineAgreementScorer? TryCreate(ModelSessionCache sessions, ModelEntry model, IReadOnlyList<RgbImage> frames)
    {
        PipelineOptions? pipeline = model.Family switch
        {
            "heatmap" => new PipelineOptions { Pipeline = "topdown", PoseModel = model.Id },
            "movenet-singlepose" => new PipelineOptions { Pipeline = "topdown-movenet", PoseModel = model.Id },
            "blazepose-landmark" => new PipelineOptions { Pipeline = "topdown-blazepose", PoseModel = model.Id },
            "yolox" or "nanodet" => new PipelineOptions { Pipeline = "topdown", DetectorModel = model.Id },

            // Bottom-up pipelines score their models as soon as this build has them (engine-bottomup).
            "openpose-paf" => new PipelineOptions { Pipeline = "bottomup-paf", PoseModel = model.Id },
            "movenet-multipose" => new PipelineOptions { Pipeline = "movenet-multipose", PoseModel = model.Id },
            _ => null,
        };
        if (pipeline is null || frames.Count == 0 || !PosePipelineFactory.Names.Contains(pipeline.Pipeline))
        {
            return null;
        }

        var scorer = new PipelineAgreementScorer(sessions, model, frames, pipeline, model.Task == "person-detection");
        if (scorer._truth.Annotations.Count == 0)
        {
            scorer.Dispose();
            return null;
        }

        return scorer;
    }

    public double Score(OnnxModel candidate)
    {
        var id = $"{_model.Id}-candidate{++_candidates}";
        var path = Path.Combine(_directory, id + ".onnx");
        candidate.Save(path);
        var catalog = ModelCatalog.Load(_directory);

        // The other model of the pipeline is the real float one; a rooted file path is kept as is by the catalog.
        foreach (var other in PosePipelineFactory.ModelIds(_pipeline).Where(i => i != _model.Id))
        {
            var entry = _sessions.Catalog.Get(other);
            catalog.RegisterLocal(entry with { File = _sessions.Catalog.PathOf(entry) });
        }

        catalog.RegisterLocal(_model with { Id = id, File = path, Sha256 = ModelFileVerifier.Sha256Of(path), Size = new FileInfo(path).Length });
        using var sessions = new ModelSessionCache(catalog, _sessions.Options);
        var options = new PipelineOptions
        {
            Pipeline = _pipeline.Pipeline,
            DetectorModel = _isDetector ? id : _pipeline.DetectorModel,
            PoseModel = _isDetector ? _pipeline.PoseModel : id,
        };
        var results = Run(sessions, options);
        File.Delete(path);
        return new CocoKeypointEvaluator().Evaluate(_truth, results.SelectMany(r => r.Value).ToList()).Stats.AP;
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private Dictionary<int, List<CocoKeypointResult>> Run(ModelSessionCache sessions, PipelineOptions options)
    {
        using var pipeline = PosePipelineFactory.Create(options, sessions);
        var frame = new PoseFrame();
        var results = new Dictionary<int, List<CocoKeypointResult>>();
        for (var i = 0; i < _frames.Count; i++)
        {
            pipeline.Process(_frames[i], frame);
            results[i] = CocoKeypointResult.FromFrame(i + 1, frame);
        }

        return results;
    }

    private CocoKeypointDataset PseudoGroundTruth(Dictionary<int, List<CocoKeypointResult>> results)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("images");
            for (var i = 0; i < _frames.Count; i++)
            {
                json.WriteStartObject();
                json.WriteNumber("id", i + 1);
                json.WriteString("file_name", $"frame{i}");
                json.WriteNumber("width", _frames[i].Width);
                json.WriteNumber("height", _frames[i].Height);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("annotations");
            var id = 1;
            foreach (var (image, poses) in results)
            {
                foreach (var pose in poses.Where(p => p.Score >= PersonScoreThreshold))
                {
                    var visible = Enumerable.Range(0, 17).Where(k => pose.Keypoints[(3 * k) + 2] >= KeypointScoreThreshold).ToList();
                    if (visible.Count < 2)
                    {
                        continue;
                    }

                    var xs = visible.Select(k => pose.Keypoints[3 * k]).ToList();
                    var ys = visible.Select(k => pose.Keypoints[(3 * k) + 1]).ToList();
                    var (x0, y0, w, h) = (xs.Min(), ys.Min(), Math.Max(1, xs.Max() - xs.Min()), Math.Max(1, ys.Max() - ys.Min()));
                    json.WriteStartObject();
                    json.WriteNumber("id", id++);
                    json.WriteNumber("image_id", image + 1);
                    json.WriteNumber("category_id", 1);
                    json.WriteNumber("iscrowd", 0);
                    json.WriteNumber("num_keypoints", visible.Count);
                    json.WriteNumber("area", w * h);
                    json.WriteStartArray("bbox");
                    foreach (var v in new[] { x0, y0, w, h })
                    {
                        json.WriteNumberValue(v);
                    }

                    json.WriteEndArray();
                    json.WriteStartArray("keypoints");
                    for (var k = 0; k < 17; k++)
                    {
                        var on = visible.Contains(k);
                        json.WriteNumberValue(on ? pose.Keypoints[3 * k] : 0);
                        json.WriteNumberValue(on ? pose.Keypoints[(3 * k) + 1] : 0);
                        json.WriteNumberValue(on ? 2 : 0);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
            json.WriteStartArray("categories");
            json.WriteStartObject();
            json.WriteNumber("id", 1);
            json.WriteString("name", "person");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        stream.Position = 0;
        return CocoKeypointDataset.Parse(stream, "pseudo ground truth");
    }
}
