using System.CommandLine;
using PoseCluster.Pose.Evaluation.Mot;
using PoseCluster.Pose.Evaluation.Synthetic;

namespace PoseCluster.AppHost.Commands;

/// <summary>
/// <c>posecluster synth-tracking</c>: writes sequences of the synthetic tracking benchmark (walkers crossing a camera's
/// view with occlusions, simulated detector noise, misses and false positives) in the tracking sequence format, for
/// <c>eval-tracking</c>. Sequence i is the same on every machine.
/// </summary>
internal static class SynthTrackingCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write synthetic-NN.json into.", Required = true };
        var count = new Option<int>("--count") { Description = "Number of sequences.", DefaultValueFactory = _ => 3 };
        var first = new Option<int>("--first") { Description = "Index of the first sequence.", DefaultValueFactory = _ => 0 };
        var frames = new Option<int>("--frames") { Description = "Frames per sequence (25 fps).", DefaultValueFactory = _ => 300 };
        var noTruthKeypoints = new Option<bool>("--no-truth-keypoints") { Description = "Write ground-truth boxes only (smaller files; box IoU matching only)." };
        var command = new Command("synth-tracking", "Generate synthetic tracking sequences with ground truth (walkers, occlusions, detector noise).")
        {
            output, count, first, frames, noTruthKeypoints,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            token =>
            {
                var n = parse.GetValue(count);
                var f = parse.GetValue(frames);
                var start = parse.GetValue(first);
                if (n < 1 || f < 1 || start < 0)
                {
                    throw new ArgumentException("--count and --frames must be positive and --first not negative.");
                }

                var folder = parse.GetValue(output)!;
                Directory.CreateDirectory(folder);
                for (var i = start; i < start + n; i++)
                {
                    token.ThrowIfCancellationRequested();
                    var sequence = SyntheticTrackingSet.Create(i, f);
                    var path = Path.Combine(folder, sequence.Name + ".json");
                    TrackingSequenceFile.Save(path, sequence, truthKeypoints: !parse.GetValue(noTruthKeypoints));
                    var people = sequence.Frames.SelectMany(x => x.Truth.Persons.ToArray()).Select(p => p.TrackId).Distinct().Count();
                    Console.WriteLine($"synth-tracking: {path} ({f} frames, {people} people, {new FileInfo(path).Length / 1024} KiB)");
                }

                return Task.FromResult(0);
            },
            ct));
        return command;
    }
}
