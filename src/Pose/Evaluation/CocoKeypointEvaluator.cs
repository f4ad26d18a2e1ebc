using PoseCluster.Pose.Nms;

namespace PoseCluster.Pose.Evaluation;

/// <summary>
/// COCO keypoint evaluation: a faithful port of pycocotools' <c>COCOeval</c> with iouType 'keypoints' (evaluate,
/// accumulate, summarize), in double precision with numpy's summation, sorting and threshold semantics, so that it
/// reproduces the official numbers (checked to 1e-6 against stats computed by pycocotools).
/// </summary>
/// <remarks>
/// Semantics kept from cocoeval, including its quirks: every image of the ground truth is evaluated (an image without
/// detections counts its people as missed); a ground truth is ignored when it is a crowd, has num_keypoints 0, or its
/// area is outside the range; detections are ranked by score with a stable sort and cut to maxDets per image; a
/// detection's area is the area of its keypoints' extent over all keypoints, zero-score ones included (cocoeval's
/// <c>loadRes</c>; box area instead when the first result carries a non-empty bbox); detection ids are the 1-based
/// positions in the results list; matching is greedy per threshold, a detection matched to an ignored ground truth is
/// ignored, and so is an unmatched detection outside the area range; precision uses the monotone envelope sampled at
/// 101 recall points with searchsorted(side='left').
/// </remarks>
public sealed class CocoKeypointEvaluator
{
    private static readonly CocoAreaRange[] AreaRanges = [CocoAreaRange.All, CocoAreaRange.Medium, CocoAreaRange.Large];

    // np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1): 0.8999999999999999 and not 0.9 at index 8.
    private static readonly double[] IouThresholds = NumpyArithmetic.Linspace(.5, 0.95, (int)Math.Round((0.95 - .5) / .05) + 1);

    // np.linspace(.0, 1.00, int(np.round((1.00 - .0) / .01)) + 1): e.g. 0.35000000000000003 at index 35.
    private static readonly double[] RecallThresholds = NumpyArithmetic.Linspace(.0, 1.00, (int)Math.Round((1.00 - .0) / .01) + 1);

    private readonly int _maxDetections;
    private readonly double[] _sigmas;

    /// <summary>Creates an evaluator; <paramref name="options"/> are validated and read once (null: cocoeval's defaults).</summary>
    public CocoKeypointEvaluator(CocoKeypointEvaluatorOptions? options = null)
    {
        var validated = options ?? new CocoKeypointEvaluatorOptions();
        validated.Validate();
        _maxDetections = validated.MaxDetections;
        _sigmas = validated.Sigmas?.ToArray() ?? ObjectKeypointSimilarity.CocoEvalSigmas.ToArray();
    }

    /// <summary>Evaluates <paramref name="results"/> against <paramref name="groundTruth"/>.</summary>
    /// <exception cref="ArgumentException">A result names an image that is not in the ground truth (cocoeval asserts).</exception>
    /// <exception cref="InvalidDataException">Keypoint arrays do not match the sigmas, or box results lack a box.</exception>
    public CocoKeypointEvaluation Evaluate(CocoKeypointDataset groundTruth, IReadOnlyList<CocoKeypointResult> results)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        ArgumentNullException.ThrowIfNull(results);

        var imageIds = groundTruth.Images.Select(i => i.Id).Distinct().Order().ToArray();
        var categoryIds = groundTruth.Categories.Select(c => c.Id).Distinct().Order().ToArray();
        var detections = LoadResults(results, imageIds);
        var (gts, dts) = Prepare(groundTruth, detections, imageIds, categoryIds);

        var maxDet = _maxDetections;
        var T = IouThresholds.Length;
        var evaluations = new ImageEvaluation?[categoryIds.Length, AreaRanges.Length, imageIds.Length];
        for (var k = 0; k < categoryIds.Length; k++)
        {
            for (var i = 0; i < imageIds.Length; i++)
            {
                var key = (imageIds[i], categoryIds[k]);
                var gt = gts.GetValueOrDefault(key) ?? [];
                var dt = SortByScore(dts.GetValueOrDefault(key) ?? [], maxDet);
                var oks = ComputeOks(gt, dt);
                for (var a = 0; a < AreaRanges.Length; a++)
                {
                    evaluations[k, a, i] = EvaluateImage(gt, dt, oks, AreaRanges[a]);
                }
            }
        }

        var R = RecallThresholds.Length;
        var precision = new double[T, R, categoryIds.Length, AreaRanges.Length];
        var recall = new double[T, categoryIds.Length, AreaRanges.Length];
        Accumulate(evaluations, maxDet, precision, recall);
        var stats = Summarize(precision, recall);
        return new CocoKeypointEvaluation(
            stats, IouThresholds.ToArray(), RecallThresholds.ToArray(), imageIds, categoryIds, AreaRanges.ToArray(), maxDet, precision, recall);
    }

    private Detection[] LoadResults(IReadOnlyList<CocoKeypointResult> results, long[] imageIds)
    {
        var known = imageIds.ToHashSet();
        foreach (var r in results)
        {
            if (!known.Contains(r.ImageId))
            {
                throw new ArgumentException(
                    $"Results do not correspond to the ground truth: image {r.ImageId} is not one of its images.", nameof(results));
            }
        }

        // loadRes: box results (non-empty bbox on the first entry) take the box area, keypoint results the extent.
        var boxAreas = results.Count > 0 && results[0].Box is not null;
        var detections = new Detection[results.Count];
        for (var n = 0; n < results.Count; n++)
        {
            var r = results[n];
            CheckKeypoints(r.Keypoints.Length, $"result {n} (image {r.ImageId})");
            double area;
            if (boxAreas)
            {
                area = (r.Box ?? throw new InvalidDataException(
                    $"Result {n} has no bbox although the first result has one (cocoeval reads them as box results).")).Area;
            }
            else
            {
                var s = r.Keypoints.AsSpan();
                double x0 = s[0], x1 = s[0], y0 = s[1], y1 = s[1];
                for (var i = 0; i < s.Length; i += 3)
                {
                    x0 = Math.Min(x0, s[i]);
                    x1 = Math.Max(x1, s[i]);
                    y0 = Math.Min(y0, s[i + 1]);
                    y1 = Math.Max(y1, s[i + 1]);
                }

                area = (x1 - x0) * (y1 - y0);
            }

            detections[n] = new Detection(n + 1, r, area);
        }

        return detections;
    }

    private (Dictionary<(long, int), List<GroundTruth>> Gts, Dictionary<(long, int), List<Detection>> Dts) Prepare(
        CocoKeypointDataset groundTruth, Detection[] detections, long[] imageIds, int[] categoryIds)
    {
        var images = imageIds.ToHashSet();
        var categories = categoryIds.ToHashSet();
        var gts = new Dictionary<(long, int), List<GroundTruth>>();
        foreach (var g in groundTruth.Annotations)
        {
            if (!images.Contains(g.ImageId) || !categories.Contains(g.CategoryId))
            {
                continue;
            }

            CheckKeypoints(g.Keypoints.Length, $"annotation {g.Id}");
            var key = (g.ImageId, g.CategoryId);
            if (!gts.TryGetValue(key, out var list))
            {
                gts[key] = list = [];
            }

            // _prepare: crowd regions and people without labelled keypoints never need to be found.
            list.Add(new GroundTruth(g, g.IsCrowd || g.NumKeypoints == 0));
        }

        var dts = new Dictionary<(long, int), List<Detection>>();
        foreach (var d in detections)
        {
            if (!categories.Contains(d.Result.CategoryId))
            {
                continue;
            }

            var key = (d.Result.ImageId, d.Result.CategoryId);
            if (!dts.TryGetValue(key, out var list))
            {
                dts[key] = list = [];
            }

            list.Add(d);
        }

        return (gts, dts);
    }

    private void CheckKeypoints(int length, string what)
    {
        if (length != 3 * _sigmas.Length)
        {
            throw new InvalidDataException($"{what} has {length} keypoint values; the evaluation expects {3 * _sigmas.Length}.");
        }
    }

    // np.argsort(-scores, kind='mergesort')[:maxDet]: a stable sort (LINQ's OrderByDescending is stable).
    private static Detection[] SortByScore(List<Detection> dt, int maxDet) =>
        dt.OrderByDescending(d => d.Result.Score).Take(maxDet).ToArray();

    // computeOks: [detection, ground truth] in the ground truths' file order; empty when either side is.
    private double[,] ComputeOks(List<GroundTruth> gt, Detection[] dt)
    {
        if (gt.Count == 0 || dt.Length == 0)
        {
            return new double[0, 0];
        }

        var oks = new double[dt.Length, gt.Count];
        Span<double> box = stackalloc double[4];
        for (var j = 0; j < gt.Count; j++)
        {
            var g = gt[j].Annotation;
            box[0] = g.Box.X;
            box[1] = g.Box.Y;
            box[2] = g.Box.Width;
            box[3] = g.Box.Height;
            for (var i = 0; i < dt.Length; i++)
            {
                oks[i, j] = ObjectKeypointSimilarity.GroundTruthToDetection(
                    g.Keypoints.AsSpan(), box, g.Area, dt[i].Result.Keypoints.AsSpan(), _sigmas);
            }
        }

        return oks;
    }

    // evaluateImg for one image, category and area range; dt is already sorted and cut to maxDets.
    private static ImageEvaluation? EvaluateImage(List<GroundTruth> gtList, Detection[] dt, double[,] oks, CocoAreaRange range)
    {
        if (gtList.Count == 0 && dt.Length == 0)
        {
            return null;
        }

        // Non-ignored ground truths first (stable), so a match to a real person is preferred over an ignored one.
        var gtOrder = Enumerable.Range(0, gtList.Count)
            .OrderBy(j => gtList[j].Ignore || range.Excludes(gtList[j].Annotation.Area) ? 1 : 0)
            .ToArray();
        var G = gtOrder.Length;
        var D = dt.Length;
        var T = IouThresholds.Length;
        var gtIgnore = new bool[G];
        var isCrowd = new bool[G];
        var gtIds = new long[G];
        for (var g = 0; g < G; g++)
        {
            var source = gtList[gtOrder[g]];
            gtIgnore[g] = source.Ignore || range.Excludes(source.Annotation.Area);
            isCrowd[g] = source.Annotation.IsCrowd;
            gtIds[g] = source.Annotation.Id;
        }

        var scores = new double[D];
        for (var d = 0; d < D; d++)
        {
            scores[d] = dt[d].Result.Score;
        }

        var e = new ImageEvaluation(T, scores, gtIgnore);
        var gtMatches = new long[T, G];
        if (G > 0 && D > 0)
        {
            for (var t = 0; t < T; t++)
            {
                for (var d = 0; d < D; d++)
                {
                    var best = Math.Min(IouThresholds[t], 1 - 1e-10);
                    var m = -1;
                    for (var g = 0; g < G; g++)
                    {
                        // Already matched and not a crowd: taken.
                        if (gtMatches[t, g] > 0 && !isCrowd[g])
                        {
                            continue;
                        }

                        // Matched to a real person already and only ignored ones remain: stop.
                        if (m > -1 && !gtIgnore[m] && gtIgnore[g])
                        {
                            break;
                        }

                        var value = oks[d, gtOrder[g]];
                        if (value < best)
                        {
                            continue;
                        }

                        best = value;
                        m = g;
                    }

                    if (m == -1)
                    {
                        continue;
                    }

                    e.DetectionIgnore[t, d] = gtIgnore[m];
                    e.DetectionMatches[t, d] = gtIds[m];
                    gtMatches[t, m] = dt[d].Id;
                }
            }
        }

        // Unmatched detections outside the area range neither help nor hurt.
        for (var d = 0; d < D; d++)
        {
            if (!range.Excludes(dt[d].Area))
            {
                continue;
            }

            for (var t = 0; t < T; t++)
            {
                if (e.DetectionMatches[t, d] == 0)
                {
                    e.DetectionIgnore[t, d] = true;
                }
            }
        }

        return e;
    }

    private static void Accumulate(ImageEvaluation?[,,] evaluations, int maxDet, double[,,,] precision, double[,,] recall)
    {
        var K = evaluations.GetLength(0);
        var A = evaluations.GetLength(1);
        var I = evaluations.GetLength(2);
        var T = IouThresholds.Length;
        var R = RecallThresholds.Length;
        // -1 marks settings that are never reached (no image, or no ground truth that counts).
        for (var t = 0; t < T; t++)
        {
            for (var k = 0; k < K; k++)
            {
                for (var a = 0; a < A; a++)
                {
                    recall[t, k, a] = -1;
                    for (var r = 0; r < R; r++)
                    {
                        precision[t, r, k, a] = -1;
                    }
                }
            }
        }

        for (var k = 0; k < K; k++)
        {
            for (var a = 0; a < A; a++)
            {
                var images = new List<ImageEvaluation>();
                for (var i = 0; i < I; i++)
                {
                    if (evaluations[k, a, i] is { } e)
                    {
                        images.Add(e);
                    }
                }

                if (images.Count == 0)
                {
                    continue;
                }

                // Concatenate the images' detections (image order) and rank them all by score, stably.
                var owner = new List<(ImageEvaluation Image, int Index)>();
                foreach (var e in images)
                {
                    for (var d = 0; d < Math.Min(maxDet, e.DetectionScores.Length); d++)
                    {
                        owner.Add((e, d));
                    }
                }

                var ranked = owner.OrderByDescending(o => o.Image.DetectionScores[o.Index]).ToArray();
                var npig = images.Sum(e => e.GroundTruthIgnore.Count(ignore => !ignore));
                if (npig == 0)
                {
                    continue;
                }

                var nd = ranked.Length;
                var rc = new double[nd];
                var pr = new double[nd];
                for (var t = 0; t < T; t++)
                {
                    double tp = 0, fp = 0;
                    for (var n = 0; n < nd; n++)
                    {
                        var (image, d) = ranked[n];
                        var ignored = image.DetectionIgnore[t, d];
                        var matched = image.DetectionMatches[t, d] != 0;
                        tp += matched && !ignored ? 1 : 0;
                        fp += !matched && !ignored ? 1 : 0;
                        rc[n] = tp / npig;
                        pr[n] = tp / (fp + tp + NumpyArithmetic.Spacing1);
                    }

                    recall[t, k, a] = nd > 0 ? rc[nd - 1] : 0;

                    // Monotone envelope: precision at a recall is the best precision at any higher recall.
                    for (var n = nd - 1; n > 0; n--)
                    {
                        if (pr[n] > pr[n - 1])
                        {
                            pr[n - 1] = pr[n];
                        }
                    }

                    for (var r = 0; r < R; r++)
                    {
                        var index = NumpyArithmetic.SearchSortedLeft(rc, RecallThresholds[r]);
                        precision[t, r, k, a] = index < nd ? pr[index] : 0;
                    }
                }
            }
        }
    }

    private static CocoStats Summarize(double[,,,] precision, double[,,] recall)
    {
        // cocoeval selects these with np.where(iouThr == p.iouThrs): exact equality, which linspace happens to give.
        var iou50 = Array.IndexOf(IouThresholds, .5);
        var iou75 = Array.IndexOf(IouThresholds, .75);
        if (iou50 < 0 || iou75 < 0)
        {
            throw new InvalidOperationException("The OKS thresholds lost 0.5 or 0.75.");
        }
        Span<double> stats =
        [
            MeanPrecision(precision, -1, 0),
            MeanPrecision(precision, iou50, 0),
            MeanPrecision(precision, iou75, 0),
            MeanPrecision(precision, -1, 1),
            MeanPrecision(precision, -1, 2),
            MeanRecall(recall, -1, 0),
            MeanRecall(recall, iou50, 0),
            MeanRecall(recall, iou75, 0),
            MeanRecall(recall, -1, 1),
            MeanRecall(recall, -1, 2),
        ];
        return CocoStats.FromValues(stats);
    }

    // _summarize(ap=1): mean of precision[t?, :, :, area] over entries > -1 in numpy's (t, r, k) flattening order.
    private static double MeanPrecision(double[,,,] precision, int threshold, int area)
    {
        var values = new List<double>();
        for (var t = 0; t < precision.GetLength(0); t++)
        {
            if (threshold >= 0 && t != threshold)
            {
                continue;
            }

            for (var r = 0; r < precision.GetLength(1); r++)
            {
                for (var k = 0; k < precision.GetLength(2); k++)
                {
                    if (precision[t, r, k, area] > -1)
                    {
                        values.Add(precision[t, r, k, area]);
                    }
                }
            }
        }

        return values.Count == 0 ? -1 : NumpyArithmetic.Mean(values.ToArray());
    }

    private static double MeanRecall(double[,,] recall, int threshold, int area)
    {
        var values = new List<double>();
        for (var t = 0; t < recall.GetLength(0); t++)
        {
            if (threshold >= 0 && t != threshold)
            {
                continue;
            }

            for (var k = 0; k < recall.GetLength(1); k++)
            {
                if (recall[t, k, area] > -1)
                {
                    values.Add(recall[t, k, area]);
                }
            }
        }

        return values.Count == 0 ? -1 : NumpyArithmetic.Mean(values.ToArray());
    }

    private sealed record GroundTruth(CocoKeypointAnnotation Annotation, bool Ignore);

    private sealed record Detection(long Id, CocoKeypointResult Result, double Area);
}
