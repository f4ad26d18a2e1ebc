using System.Collections.Immutable;
using PoseCluster.Pose.Evaluation;

namespace PoseCluster.Pose.Tests.Evaluation;

public sealed class CocoKeypointEvaluatorTests
{
    private const double Eps = 1e-12;

    private static CocoKeypointDataset SharedGroundTruth() => CocoKeypointDataset.Load(TestAssets.Media("eval", "person_keypoints.json"));

    [Fact]
    public void Ground_truth_copied_as_results_gives_perfect_scores()
    {
        var gt = SharedGroundTruth();
        var results = gt.Annotations
            .Where(a => a.NumKeypoints > 0)
            .Select(a => new CocoKeypointResult { ImageId = a.ImageId, Keypoints = a.Keypoints, Score = 1 })
            .ToList();

        var stats = new CocoKeypointEvaluator().Evaluate(gt, results).Stats;

        Assert.All(stats.Values, v => Assert.Equal(1.0, v, Eps));
    }

    [Fact]
    public void Empty_results_give_zero_where_there_is_ground_truth_and_minus_one_where_there_is_none()
    {
        var shared = new CocoKeypointEvaluator().Evaluate(SharedGroundTruth(), []).Stats;
        Assert.All(shared.Values, v => Assert.Equal(0.0, v));

        // Only a large person: the medium range has nothing to measure.
        var gt = Dataset([Person(1, 1, 300, 300, 150)]);
        var stats = new CocoKeypointEvaluator().Evaluate(gt, []).Stats;
        Assert.Equal([0, 0, 0, -1, 0, 0, 0, 0, -1, 0], stats.Values);
    }

    [Fact]
    public void Detections_on_a_crowd_region_are_ignored_even_when_they_rank_first()
    {
        var person = Person(1, 1, 100, 200, 150);
        var crowd = Crowd(2, 1, new CocoBox(300, 100, 200, 150));
        var onCrowd1 = new CocoKeypointResult { ImageId = 1, Keypoints = Uniform(380, 170), Score = 0.95 };
        var onCrowd2 = new CocoKeypointResult { ImageId = 1, Keypoints = Uniform(420, 150), Score = 0.94 };
        var onPerson = Detect(person, 0.9);

        var withCrowd = new CocoKeypointEvaluator().Evaluate(Dataset([person, crowd]), [onCrowd1, onCrowd2, onPerson]).Stats;
        Assert.Equal(1.0, withCrowd.AP, Eps);
        Assert.Equal(1.0, withCrowd.AR, Eps);

        // Without the crowd region the same detections are two higher-ranked false positives: precision 1/3 at recall 1.
        var withoutCrowd = new CocoKeypointEvaluator().Evaluate(Dataset([person]), [onCrowd1, onCrowd2, onPerson]).Stats;
        Assert.Equal(1.0 / 3, withoutCrowd.AP, 1e-9);
    }

    [Fact]
    public void Only_max_detections_per_image_count()
    {
        var person = Person(1, 1, 100, 200, 150);
        var results = Enumerable.Range(0, 20)
            .Select(i => new CocoKeypointResult { ImageId = 1, Keypoints = Uniform(400 + i, 50), Score = 0.9 - (i * 0.01) })
            .Append(Detect(person, 0.1))
            .ToList();

        var cut = new CocoKeypointEvaluator().Evaluate(Dataset([person]), results).Stats;
        Assert.Equal(0.0, cut.AP);
        Assert.Equal(0.0, cut.AR);

        var wider = new CocoKeypointEvaluator(new CocoKeypointEvaluatorOptions { MaxDetections = 21 }).Evaluate(Dataset([person]), results).Stats;
        Assert.Equal(1.0 / 21, wider.AP, 1e-9);
        Assert.Equal(1.0, wider.AR, Eps);
    }

    [Fact]
    public void Area_ranges_ignore_people_and_unmatched_detections_outside_them()
    {
        var medium = Person(1, 1, 100, 200, 50);   // area 2500: medium
        var large = Person(2, 1, 400, 200, 150);   // area 22500: large
        var falsePositive = new CocoKeypointResult { ImageId = 1, Keypoints = Spread(300, 450, 200), Score = 0.99 }; // large extent
        var results = new[] { falsePositive, Detect(medium, 0.9), Detect(large, 0.8) };

        var stats = new CocoKeypointEvaluator().Evaluate(Dataset([medium, large]), results).Stats;

        // all: FP, TP, TP -> precision 2/3 at every recall. medium: the large FP and the detection matched to the
        // (ignored) large person are ignored -> 1. large: FP counts, the medium match is ignored -> 1/2.
        Assert.Equal(2.0 / 3, stats.AP, 1e-9);
        Assert.Equal(1.0, stats.APm, Eps);
        Assert.Equal(0.5, stats.APl, 1e-9);
        Assert.Equal(1.0, stats.AR, Eps);
        Assert.Equal(1.0, stats.ARm, Eps);
        Assert.Equal(1.0, stats.ARl, Eps);
    }

    [Fact]
    public void People_without_labelled_keypoints_are_ignored()
    {
        var person = Person(1, 1, 100, 200, 150);
        var unlabelled = person with { Id = 2, NumKeypoints = 0, Keypoints = [.. new double[51]], Box = new CocoBox(350, 100, 60, 150) };
        var onUnlabelled = new CocoKeypointResult { ImageId = 1, Keypoints = Uniform(380, 170), Score = 0.95 };

        var stats = new CocoKeypointEvaluator().Evaluate(Dataset([person, unlabelled]), [onUnlabelled, Detect(person, 0.9)]).Stats;

        Assert.Equal(1.0, stats.AP, Eps);
    }

    [Fact]
    public void Images_without_detections_count_their_people_as_missed()
    {
        var a = Person(1, 1, 100, 200, 150);
        var b = Person(2, 2, 100, 200, 150);

        var stats = new CocoKeypointEvaluator().Evaluate(Dataset([a, b]), [Detect(a, 0.9)]).Stats;

        Assert.Equal(0.5, stats.AR, Eps);
    }

    [Fact]
    public void Results_for_unknown_images_are_rejected()
    {
        var gt = Dataset([Person(1, 1, 100, 200, 150)]);
        var stray = new CocoKeypointResult { ImageId = 99, Keypoints = Uniform(0, 0), Score = 1 };
        Assert.Throws<ArgumentException>(() => new CocoKeypointEvaluator().Evaluate(gt, [stray]));
    }

    [Fact]
    public void Accumulated_arrays_have_cocoeval_shapes_and_thresholds()
    {
        var e = new CocoKeypointEvaluator().Evaluate(SharedGroundTruth(), []);
        Assert.Equal(10, e.IouThresholds.Count);
        Assert.Equal(0.8999999999999999, e.IouThresholds[8]); // np.linspace, not 0.9
        Assert.Equal(101, e.RecallThresholds.Count);
        Assert.Equal(0.35000000000000003, e.RecallThresholds[35]);
        Assert.Equal([10, 101, 1, 3], Enumerable.Range(0, 4).Select(e.Precision.GetLength));
        Assert.Equal(e.ImageIds.Order(), e.ImageIds);
        Assert.Equal(9, e.ImageIds.Count);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new CocoKeypointEvaluator(new CocoKeypointEvaluatorOptions { MaxDetections = 0 }));
        Assert.Throws<ArgumentException>(() => new CocoKeypointEvaluator(new CocoKeypointEvaluatorOptions { Sigmas = [0.1, -1] }));
        Assert.Throws<ArgumentException>(() => new CocoKeypointEvaluator(new CocoKeypointEvaluatorOptions { Sigmas = [] }));
    }

    private static CocoKeypointDataset Dataset(IReadOnlyList<CocoKeypointAnnotation> annotations) => new(
        annotations.Select(a => a.ImageId).Distinct()
            .Select(id => new CocoImage { Id = id, FileName = $"{id}.jpg", Width = 640, Height = 480 }).ToList(),
        annotations,
        [new CocoCategory { Id = 1, Name = "person" }]);

    // A person whose 17 labelled keypoints spread over a size x size square centred at (cx, cy); area = size^2.
    private static CocoKeypointAnnotation Person(long id, long imageId, double cx, double cy, double size)
    {
        var keypoints = Spread(cx, cy, size).ToArray();
        for (var k = 0; k < 17; k++)
        {
            keypoints[(3 * k) + 2] = 2;
        }

        return new CocoKeypointAnnotation
        {
            Id = id,
            ImageId = imageId,
            CategoryId = 1,
            Keypoints = [.. keypoints],
            NumKeypoints = 17,
            Area = size * size,
            Box = new CocoBox(cx - (size / 2), cy - (size / 2), size, size),
        };
    }

    private static CocoKeypointAnnotation Crowd(long id, long imageId, CocoBox box) => new()
    {
        Id = id,
        ImageId = imageId,
        CategoryId = 1,
        Keypoints = [.. new double[51]],
        NumKeypoints = 0,
        Area = box.Area,
        Box = box,
        IsCrowd = true,
    };

    private static CocoKeypointResult Detect(CocoKeypointAnnotation person, double score) =>
        new() { ImageId = person.ImageId, Keypoints = person.Keypoints, Score = score };

    private static ImmutableArray<double> Spread(double cx, double cy, double size)
    {
        var values = new double[51];
        for (var k = 0; k < 17; k++)
        {
            values[3 * k] = cx - (size / 2) + (size * (k % 5) / 4);
            values[(3 * k) + 1] = cy - (size / 2) + (size * (k / 5) / 3);
            values[(3 * k) + 2] = 0.9;
        }

        return [.. values];
    }

    private static ImmutableArray<double> Uniform(double x, double y)
    {
        var values = new double[51];
        for (var k = 0; k < 17; k++)
        {
            values[3 * k] = x;
            values[(3 * k) + 1] = y;
            values[(3 * k) + 2] = 0.9;
        }

        return [.. values];
    }
}
