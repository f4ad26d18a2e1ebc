using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PoseCluster.Pose;
using PoseCluster.Pose.Evaluation.Mot;
using PoseCluster.Pose.Evaluation.Synthetic;
using PoseCluster.Pose.Geometry;
using PoseCluster.Pose.Site;
using PoseCluster.Pose.Tracking;

namespace PoseCluster.AppHost.Commands;

/// <summary>
/// <c>posecluster eval-tracking</c>: runs a tracker and the greedy OKS baseline on the same detections of tracking
/// sequences with ground truth, and prints MOTA, IDF1, ID switches and the per-frame tracker cost of both, then the cost of the site side (fusion,
/// posture, zones) on a simulated two-camera site.
/// </summary>
internal static class EvalTrackingCommand
{
    /// <summary>The committed synthetic set, relative to the checkout.</summary>
    public const string DefaultSequences = "tests/data/tracking";

    public static Command Create()
    {
        var sequences = new Option<string?>("--sequences") { Description = $"Folder of tracking sequences (*.json; default: {DefaultSequences} of the checkout)." };
        var stats = new Option<string?>("--stats") { Description = "Write MOTA, IDF1, idsw and baseline_idsw (and more) as JSON here." };
        var tracker = new Option<string>("--tracker") { Description = "Tracker to evaluate: bytetrack, greedy-oks.", DefaultValueFactory = _ => "bytetrack" };
        var similarity = new Option<MotSimilarity>("--similarity") { Description = "Matching similarity: BoxIoU or Oks (needs ground-truth keypoints).", DefaultValueFactory = _ => MotSimilarity.BoxIoU };
        var threshold = new Option<double>("--threshold") { Description = "Matching threshold on the similarity.", DefaultValueFactory = _ => 0.5 };
        var command = new Command("eval-tracking", "MOT metrics (MOTA, IDF1, ID switches) of the tracker vs the greedy OKS baseline on sequences with ground truth.")
        {
            sequences, stats, tracker, similarity, threshold,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            token =>
            {
                var folder = parse.GetValue(sequences) ?? Path.Combine(PoseClusterHome.RequireRoot(), DefaultSequences);
                var options = new MotEvaluatorOptions { Similarity = parse.GetValue(similarity), Threshold = parse.GetValue(threshold) };
                options.Validate();
                var name = parse.GetValue(tracker)!;
                if (name == "none")
                {
                    throw new ArgumentException("--tracker none assigns no ids; pick bytetrack or greedy-oks.");
                }

                _ = PoseTrackerFactory.Create(name); // fails early on an unknown name
                var set = TrackingSequenceFile.LoadFolder(folder);
                var frames = set.Sum(s => s.Frames.Count);
                Console.WriteLine($"eval-tracking: {set.Count} sequences, {frames} frames from {folder}; matching {options.Similarity} >= {options.Threshold.ToString(CultureInfo.InvariantCulture)}");
                token.ThrowIfCancellationRequested();

                var result = TrackerEvaluation.Evaluate(set, () => PoseTrackerFactory.Create(name), options);
                var baseline = TrackerEvaluation.Evaluate(set, () => PoseTrackerFactory.CreateGreedyOks(), options);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"tracker",-12} {"MOTA",7} {"IDF1",7} {"IDSW",5} {"FN",6} {"FP",6} {"GT",7} {"MOTP",6} {"us/frame",9}"));
                Print(name, result);
                Print("greedy-oks", baseline);
                foreach (var (sequence, m) in result.PerSequence)
                {
                    var b = baseline.PerSequence.First(p => p.Key == sequence).Value;
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"  {sequence}: MOTA {m.Mota:F3} IDF1 {m.Idf1:F3} IDSW {m.IdSwitches} (greedy-oks MOTA {b.Mota:F3} IDF1 {b.Idf1:F3} IDSW {b.IdSwitches})"));
                }

                var fusion = MeasureSiteCost();
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"site: {fusion.MicrosecondsPerCameraFrame:F1} us per camera frame for fusion + posture + zones ({fusion.Cameras} cameras, {fusion.People} people, {fusion.Frames} frames each; {fusion.MicrosecondsPerSiteStep:F1} us per site step of all cameras)"));

                if (parse.GetValue(stats) is { } statsPath)
                {
                    using (var stream = File.Create(statsPath))
                    using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                    {
                        writer.WriteStartObject();
                        writer.WriteNumber("MOTA", Math.Round(result.Total.Mota, 6));
                        writer.WriteNumber("IDF1", Math.Round(result.Total.Idf1, 6));
                        writer.WriteNumber("idsw", result.Total.IdSwitches);
                        writer.WriteNumber("baseline_idsw", baseline.Total.IdSwitches);
                        writer.WriteNumber("baseline_MOTA", Math.Round(baseline.Total.Mota, 6));
                        writer.WriteNumber("baseline_IDF1", Math.Round(baseline.Total.Idf1, 6));
                        writer.WriteString("tracker", name);
                        writer.WriteNumber("sequences", set.Count);
                        writer.WriteNumber("frames", frames);
                        writer.WriteNumber("tracker_us_per_frame", Math.Round(result.MicrosecondsPerFrame, 2));
                        writer.WriteNumber("baseline_us_per_frame", Math.Round(baseline.MicrosecondsPerFrame, 2));
                        writer.WriteNumber("site_us_per_camera_frame", Math.Round(fusion.MicrosecondsPerCameraFrame, 2));
                        writer.WriteNumber("site_us_per_step", Math.Round(fusion.MicrosecondsPerSiteStep, 2));
                        writer.WriteEndObject();
                    }

                    Console.WriteLine($"eval-tracking: stats written to {statsPath}");
                }

                return Task.FromResult(0);
            },
            ct));
        return command;
    }

    /// <summary>
    /// The site side's cost: the benchmark's walkers seen by its camera and by a second one facing it from the far side,
    /// each tracked by ByteTrack beforehand, then fed to a <see cref="SiteAggregator"/> (fusion, posture, two zones) and timed.
    /// </summary>
    private static (double MicrosecondsPerCameraFrame, double MicrosecondsPerSiteStep, int Cameras, int People, int Frames) MeasureSiteCost()
    {
        const int Frames = 300;
        var persons = SyntheticTrackingSet.Persons(7, Frames / 25.0);
        PinholeCamera[] cameras =
        [
            SyntheticTrackingSet.Camera,
            PinholeCamera.LookingAt(1000, 1000, 640, 360, new WorldPoint(0, 17, 4), -Math.PI / 2, 28 * Math.PI / 180),
        ];
        var tracked = new PoseFrame[cameras.Length][];
        for (var c = 0; c < cameras.Length; c++)
        {
            var generator = new SyntheticSceneGenerator(persons, cameras[c], SyntheticTrackingSet.Width, SyntheticTrackingSet.Height, seed: (ulong)(50 + c));
            var tracker = PoseTrackerFactory.CreateByteTrack();
            tracked[c] = new PoseFrame[Frames];
            for (var f = 0; f < Frames; f++)
            {
                var frame = generator.Generate(f).Detections;
                tracker.Update(frame);
                tracked[c][f] = frame;
            }
        }

        Zone[] zones =
        [
            new() { Name = "left", Area = new FloorPolygon([new(-6, 3), new(0, 3), new(0, 15), new(-6, 15)]), LoiteringThreshold = TimeSpan.FromSeconds(5) },
            new() { Name = "restricted", Area = new FloorPolygon([new(2, 8), new(4, 8), new(4, 10), new(2, 10)]), Restricted = true },
        ];
        double best = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            // The best of three runs: the first one also pays for JIT compilation.
            var site = new SiteAggregator("bench", zones);
            for (var c = 0; c < cameras.Length; c++)
            {
                site.AddCamera($"cam-{c}", cameras[c].ImageToFloor());
            }

            var events = new List<SiteEvent>();
            var start = Stopwatch.GetTimestamp();
            for (var f = 0; f < Frames; f++)
            {
                for (var c = 0; c < cameras.Length; c++)
                {
                    site.Update(c, tracked[c][f], DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(f / 25.0));
                }

                site.TakeEvents(events);
                events.Clear();
            }

            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        return (best / (Frames * cameras.Length), best / Frames, cameras.Length, persons.Count, Frames);
    }

    private static void Print(string name, TrackerEvaluationResult r)
    {
        var m = r.Total;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name,-12} {m.Mota,7:F3} {m.Idf1,7:F3} {m.IdSwitches,5} {m.Misses,6} {m.FalsePositives,6} {m.GroundTruth,7} {m.Motp,6:F3} {r.MicrosecondsPerFrame,9:F1}"));
    }
}
