using System.Text.Json;
using PoseCluster.Pose.Evaluation;

namespace PoseCluster.Pose.Tests.Evaluation;

/// <summary>Reading the dataset and results files, writing results and stats, the PoseFrame converter.</summary>
public sealed class CocoFilesTests
{
    [Fact]
    public void Shared_dataset_loads_with_extra_image_fields()
    {
        var gt = CocoKeypointDataset.Load(TestAssets.Media("eval", "person_keypoints.json"));

        Assert.Equal(9, gt.Images.Count);
        Assert.Equal(24, gt.Annotations.Count);
        Assert.Equal(23, gt.Annotations.Count(a => a.NumKeypoints > 0));
        var person = Assert.Single(gt.Categories);
        Assert.Equal(1, person.Id);
        Assert.Equal(CocoKeypoints.Names, person.Keypoints);
        Assert.Equal(19, person.Skeleton.Count);

        var first = gt.Images[0];
        Assert.Equal(785, first.Id);
        Assert.Equal("images/coco_000000000785.jpg", first.FileName);
        Assert.Equal((640, 425), (first.Width, first.Height));
        Assert.Equal("png/coco_000000000785.png", first.PngFileName);
        Assert.True(first.ExtraFields.ContainsKey("sha256"));
        Assert.Contains(gt.Images, i => i.Id == 12000000005603); // beyond 32 bits
        Assert.All(gt.Annotations, a => Assert.Equal(51, a.Keypoints.Length));
        Assert.Equal(new CocoBox(280.79, 44.73, 218.7, 346.68), gt.Annotations[0].Box);
    }

    [Fact]
    public void Results_round_trip_through_a_file_and_evaluate_identically()
    {
        var gt = CocoKeypointDataset.Load(TestAssets.Media("eval", "person_keypoints.json"));
        var results = CocoKeypointResultsFile.Load(TestAssets.Media("eval", "cocoeval_vectors", "td_yolox__dark.json"));
        var path = Path.Combine(TestAssets.TempDirectory(), "results.json");

        CocoKeypointResultsFile.Save(path, results);
        var reread = CocoKeypointResultsFile.Load(path);

        Assert.Equal(results.Count, reread.Count);
        for (var i = 0; i < results.Count; i++)
        {
            Assert.Equal(results[i].ImageId, reread[i].ImageId);
            Assert.Equal(results[i].Score, reread[i].Score);
            Assert.Equal(results[i].Keypoints.ToArray(), reread[i].Keypoints.ToArray());
        }

        var evaluator = new CocoKeypointEvaluator();
        Assert.Equal(evaluator.Evaluate(gt, results).Stats, evaluator.Evaluate(gt, reread).Stats);
    }

    [Fact]
    public void Written_results_have_the_coco_fields()
    {
        var result = new CocoKeypointResult { ImageId = 785, Keypoints = [.. Enumerable.Repeat(0.5, 51)], Score = 0.25 };
        using var buffer = new MemoryStream();
        CocoKeypointResultsFile.Write(buffer, [result]);

        using var doc = JsonDocument.Parse(buffer.ToArray());
        var entry = Assert.Single(doc.RootElement.EnumerateArray().ToArray());
        Assert.Equal(["image_id", "category_id", "keypoints", "score"], entry.EnumerateObject().Select(p => p.Name));
        Assert.Equal(785, entry.GetProperty("image_id").GetInt64());
        Assert.Equal(1, entry.GetProperty("category_id").GetInt32());
        Assert.Equal(51, entry.GetProperty("keypoints").GetArrayLength());
        Assert.Equal(0.25, entry.GetProperty("score").GetDouble());
    }

    [Fact]
    public void Frame_converts_to_results_in_coco_order()
    {
        var frame = new PoseFrame();
        ref var pose = ref frame.Add();
        pose.Score = 0.75f;
        for (var k = 0; k < CocoKeypoints.Count; k++)
        {
            pose.Keypoints[k] = new Keypoint(10 + k, 20 + k, 0.5f);
        }

        var result = Assert.Single(CocoKeypointResult.FromFrame(42, frame));

        Assert.Equal(42, result.ImageId);
        Assert.Equal(CocoKeypointResult.PersonCategoryId, result.CategoryId);
        Assert.Equal(0.75, result.Score);
        Assert.Equal(51, result.Keypoints.Length);
        Assert.Equal([10.0, 20.0, 0.5], result.Keypoints.AsSpan(0, 3).ToArray());
        Assert.Equal([26.0, 36.0, 0.5], result.Keypoints.AsSpan(48, 3).ToArray());
        Assert.Null(result.Box);
    }

    [Fact]
    public void Malformed_files_are_reported_with_the_entry()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            CocoKeypointResultsFile.Parse("""[{"image_id": 1, "category_id": 1, "keypoints": [1, 2], "score": 1}]"""));
        Assert.Contains("results[0]", error.Message);
        Assert.Throws<InvalidDataException>(() => CocoKeypointResultsFile.Parse("{}"));
        Assert.Throws<InvalidDataException>(() => CocoKeypointDataset.Parse("""{"images": [{"file_name": "a"}], "categories": []}"""));
    }

    [Fact]
    public void Stats_json_has_the_ten_keys_in_order_and_round_trips()
    {
        var stats = new CocoStats(0.1, 0.2, 0.3, -1, 0.5, 0.6, 0.7, 0.8, 0.9, 0.3528565718562806);

        var json = stats.ToJson();

        Assert.Equal(
            """{"AP":0.1,"AP50":0.2,"AP75":0.3,"APm":-1,"APl":0.5,"AR":0.6,"AR50":0.7,"AR75":0.8,"ARm":0.9,"ARl":0.3528565718562806}""",
            json);
        Assert.Equal(stats, CocoStats.FromJson(json));
    }

    [Fact]
    public void Summary_table_matches_pycocotools_lines()
    {
        var stats = new CocoStats(0.3528565718562806, 0.0625, 0.1235, -1, 1, 0.4521739130434782, 0.6521739130434783, 0.5217391304347826, 0.17142857142857143, 0.575);

        var lines = stats.ToSummaryTable().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(10, lines.Length);
        Assert.Equal(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.353", lines[0]);
        Assert.Equal(" Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets= 20 ] = 0.062", lines[1]); // half-even
        Assert.Equal(" Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets= 20 ] = 0.123", lines[2]);
        Assert.Equal(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets= 20 ] = -1.000", lines[3]);
        Assert.Equal(" Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets= 20 ] = 1.000", lines[4]);
        Assert.Equal(" Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.452", lines[5]);
        Assert.Equal(" Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets= 20 ] = 0.575", lines[9]);
    }
}
