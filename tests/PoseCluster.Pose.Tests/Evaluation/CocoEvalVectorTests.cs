using System.Text.Json;
using PoseCluster.Pose.Evaluation;
using Xunit.Abstractions;

namespace PoseCluster.Pose.Tests.Evaluation;

/// <summary>
/// The documented check of the cocoeval port: every results file of the shared cocoeval_vectors evaluates, against the
/// shared ground truth, to the ten stats pycocotools computed (expected_stats.json) within 1e-6.
/// </summary>
public sealed class CocoEvalVectorTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-6;

    private static string Vectors(params string[] parts) => TestAssets.Media(["eval", "cocoeval_vectors", .. parts]);

    public static TheoryData<string> VectorFiles() => new(ResultFiles());

    private static string[] ResultFiles() =>
        Directory.GetFiles(Vectors(), "*.json")
            .Select(f => Path.GetFileName(f))
            .Where(f => f != "expected_stats.json")
            .Order(StringComparer.Ordinal)
            .ToArray();

    [Fact]
    public void Every_vector_file_has_expected_stats_and_vice_versa()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Vectors("expected_stats.json")));
        var expected = doc.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        var files = ResultFiles();
        Assert.Equal(expected, files);
        Assert.True(files.Length >= 6, $"expected at least six vector files, found {files.Length}");
    }

    [Theory]
    [MemberData(nameof(VectorFiles))]
    public void Evaluation_reproduces_pycocotools_stats(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Vectors("expected_stats.json")));
        var expected = CocoStats.FromJson(doc.RootElement.GetProperty(file));
        var groundTruth = CocoKeypointDataset.Load(TestAssets.Media("eval", "person_keypoints.json"));
        var results = CocoKeypointResultsFile.Load(Vectors(file));

        var actual = new CocoKeypointEvaluator().Evaluate(groundTruth, results).Stats;

        output.WriteLine(actual.ToSummaryTable());
        var maxDiff = 0.0;
        for (var i = 0; i < 10; i++)
        {
            var diff = Math.Abs(actual.Values[i] - expected.Values[i]);
            maxDiff = Math.Max(maxDiff, diff);
            Assert.True(diff <= Tolerance, $"{file} {CocoStats.Names[i]}: expected {expected.Values[i]:R}, got {actual.Values[i]:R}");
        }

        output.WriteLine($"max |diff| = {maxDiff:R}");
    }
}
