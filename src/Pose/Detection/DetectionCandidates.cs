using PoseCluster.Pose.Imaging;

namespace PoseCluster.Pose.Detection;

/// <summary>
/// Candidate boxes of one detector run: boxes arrive in model-input coordinates, are mapped back to the image, then
/// reduced by IoU NMS into the caller's list. Reuses its buffer, so steady-state runs allocate nothing.
/// </summary>
internal sealed class DetectionCandidates
{
    private PersonDetection[] _items = new PersonDetection[256];
    private int _count;

    /// <summary>Forgets the previous run's candidates.</summary>
    public void Clear() => _count = 0;

    /// <summary>Adds a box given by its corners in input pixels of <paramref name="plan"/>.</summary>
    public void Add(in SamplingPlan plan, float x1, float y1, float x2, float y2, float score)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count * 2);
        }

        _items[_count++] = new PersonDetection(
            new BoundingBox(plan.X.ToImage(x1), plan.Y.ToImage(y1), plan.X.ToImage(x2), plan.Y.ToImage(y2)),
            score);
    }

    /// <summary>Applies NMS at <paramref name="iouThreshold"/> and replaces <paramref name="output"/> with the kept boxes, best first.</summary>
    public void KeepBest(float iouThreshold, List<PersonDetection> output)
    {
        var kept = BoxNms.Apply(_items.AsSpan(0, _count), iouThreshold);
        output.Clear();
        for (var i = 0; i < kept; i++)
        {
            output.Add(_items[i]);
        }
    }
}
