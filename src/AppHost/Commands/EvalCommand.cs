using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PoseCluster.Pose;
using PoseCluster.Pose.Evaluation;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.AppHost.Commands;

/// <summary>
/// <c>posecluster eval</c>: runs a pipeline over a COCO keypoint set (or takes an existing results file) and prints
/// the COCO keypoint AP/AR with the official cocoeval semantics.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var pipeline = new PipelineArguments();
        var annotations = new Option<string?>("--annotations") { Description = "COCO keypoint annotations (default: the shared eval set)." };
        var images = new Option<string?>("--images") { Description = "Folder the annotations' file names are relative to (default: the annotations' folder)." };
        var results = new Option<string?>("--results") { Description = "Evaluate this COCO results file instead of running a pipeline." };
        var output = new Option<string?>("--out") { Description = "Write the pipeline's COCO results JSON here." };
        var stats = new Option<string?>("--stats") { Description = "Write the ten stats as JSON here." };
        var png = new Option<bool>("--png") { Description = "Read each image's lossless png_file_name instead of file_name when the annotations have one." };
        var command = new Command("eval", "COCO keypoint evaluation (AP, AP50, AP75, APm, APl, AR...) of a pipeline or of a results file.")
        {
            annotations, images, results, output, stats, png,
        };
        pipeline.AddTo(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                var annotationsPath = parse.GetValue(annotations) ?? SharedMedia.Require(Path.Combine("eval", "person_keypoints.json"), "--annotations");
                var dataset = CocoKeypointDataset.Load(annotationsPath);
                IReadOnlyList<CocoKeypointResult> detections;
                if (parse.GetValue(results) is { } resultsPath)
                {
                    detections = CocoKeypointResultsFile.Load(resultsPath);
                    Console.WriteLine($"eval: {resultsPath} ({detections.Count} results) against {annotationsPath}");
                }
                else
                {
                    var imageRoot = parse.GetValue(images) ?? Path.GetDirectoryName(Path.GetFullPath(annotationsPath))!;
                    detections = await RunPipelineAsync(parse, pipeline, dataset, imageRoot, parse.GetValue(png), token);
                    if (parse.GetValue(output) is { } outPath)
                    {
                        CocoKeypointResultsFile.Save(outPath, detections);
                        Console.WriteLine($"eval: results written to {outPath}");
                    }
                }

                var evaluation = new CocoKeypointEvaluator().Evaluate(dataset, detections);
                Console.WriteLine(evaluation.Stats.ToSummaryTable());
                if (parse.GetValue(stats) is { } statsPath)
                {
                    File.WriteAllText(statsPath, evaluation.Stats.ToJson());
                    Console.WriteLine($"eval: stats written to {statsPath}");
                }

                return 0;
            },
            ct));
        return command;
    }

    private static async Task<IReadOnlyList<CocoKeypointResult>> RunPipelineAsync(
        ParseResult parse, PipelineArguments arguments, CocoKeypointDataset dataset, string imageRoot, bool png, CancellationToken token)
    {
        var options = arguments.ToPipelineOptions(parse);
        using var sessions = await arguments.OpenSessionsAsync(parse, token);
        using var pipeline = PosePipelineFactory.Create(options, sessions);
        Console.WriteLine($"eval: {PipelineArguments.Describe(options)} on {dataset.Images.Count} images");

        var results = new List<CocoKeypointResult>();
        var frame = new PoseFrame();
        var clock = Stopwatch.StartNew();
        foreach (var image in dataset.Images)
        {
            token.ThrowIfCancellationRequested();
            var file = png && image.PngFileName is { } p ? p : image.FileName;
            using var rgb = ImageFileDecoder.Load(ResolveImage(imageRoot, file));
            pipeline.Process(rgb, frame);
            results.AddRange(CocoKeypointResult.FromFrame(image.Id, frame));
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"eval: {results.Count} poses in {clock.Elapsed.TotalSeconds:F1} s (pre {pipeline.Timer.MillisecondsPerFrame(PipelineStage.Pre):F1} ms, inference {pipeline.Timer.MillisecondsPerFrame(PipelineStage.Inference):F1} ms, post {pipeline.Timer.MillisecondsPerFrame(PipelineStage.Post):F1} ms per image)"));
        return results;
    }

    /// <summary>The image path: the file name under the root, or its base name there (when the root is the images folder itself).</summary>
    private static string ResolveImage(string root, string fileName)
    {
        var direct = Path.Combine(root, fileName);
        if (File.Exists(direct))
        {
            return direct;
        }

        var flat = Path.Combine(root, Path.GetFileName(fileName));
        return File.Exists(flat)
            ? flat
            : throw new FileNotFoundException($"Image '{fileName}' of the annotations was not found under '{root}' (use --images).", direct);
    }
}
