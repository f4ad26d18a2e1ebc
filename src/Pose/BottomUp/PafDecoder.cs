using PoseCluster.Pose.Imaging;

namespace PoseCluster.Pose.BottomUp;

/// <summary>
/// Decodes the output of an OpenPose-style model (keypoint heatmaps + part affinity fields at a stride) into COCO-17
/// poses, following the Lightweight OpenPose demo: heatmaps upsampled (factor <see cref="PafDecoderOptions.Upsample"/>)
/// and searched for peaks, limbs scored by PAF line integrals (fields read at the sample pixels with the upsampling
/// kernel instead of upsampling all field channels — the same values), greedy limb assignment, pose assembly, then
/// the model's keypoint types mapped to COCO-17 through the catalog's <c>cocoFromKeypoints</c>. Keypoint score = the
/// peak's heatmap value; person score = total score x (counted keypoints - 1), the Lightweight OpenPose COCO
/// convention (the neck is counted and not reported). Allocation-free in steady state; one instance per thread.
/// </summary>
public sealed class PafDecoder
{
    private readonly PafDecoderOptions _options;
    private readonly UpsamplingKernel _heatmapKernel;
    private readonly UpsamplingKernel _fieldKernel;
    private readonly HeatmapPeakFinder _peakFinder;
    private readonly PafGrouper _grouper;
    private readonly int[] _typeStart;
    private readonly int[] _cocoFrom;
    private readonly int _channelsNeeded;
    private KeypointPeak[] _peaks = new KeypointPeak[512];

    /// <summary>Creates a decoder with <paramref name="options"/>.</summary>
    public PafDecoder(PafDecoderOptions options)
    {
        options.Validate();
        _options = options;
        _heatmapKernel = new UpsamplingKernel(options.Factor, options.HeatmapInterpolation);
        _fieldKernel = options.PafInterpolation == options.HeatmapInterpolation ? _heatmapKernel : new UpsamplingKernel(options.Factor, options.PafInterpolation);
        _peakFinder = new HeatmapPeakFinder(_heatmapKernel, options.PeakThreshold, options.MinPeakDistance);
        _grouper = new PafGrouper(options);
        _typeStart = new int[options.Keypoints + 1];
        _cocoFrom = [.. options.CocoFromKeypoints];
        _channelsNeeded = Math.Max(options.Keypoints, options.Limbs.Max(l => Math.Max(l.ChannelX, l.ChannelY)) + 1);
    }

    /// <summary>The decoding constants.</summary>
    public PafDecoderOptions Options => _options;

    /// <summary>Keypoint peaks found in the last call (all types).</summary>
    public int PeakCount => _typeStart[^1];

    /// <summary>Poses assembled in the last call before the keypoint-count and score filters.</summary>
    public int CandidatePoseCount => _grouper.PoseCount;

    /// <summary>Candidate limbs whose line integral was evaluated in the last call (after the end-sample rejection).</summary>
    public long PairsScored => _grouper.PairsScored;

    /// <summary>The peaks of the last call of model keypoint type <paramref name="type"/>, in upsampled-map pixels.</summary>
    public ReadOnlySpan<KeypointPeak> Peaks(int type) => _peaks.AsSpan(_typeStart[type], _typeStart[type + 1] - _typeStart[type]);

    /// <summary>
    /// Decodes one image's maps (<paramref name="maps"/> = channels x <paramref name="height"/> x
    /// <paramref name="width"/>, row-major) and appends its poses to <paramref name="output"/>; <paramref name="x"/>
    /// and <paramref name="y"/> map image coordinates to model-input coordinates (the pre-processing's maps).
    /// </summary>
    public void Decode(ReadOnlySpan<float> maps, int width, int height, AxisMap x, AxisMap y, PoseFrame output)
    {
        var plane = width * height;
        if (maps.Length < _channelsNeeded * plane)
        {
            throw new ArgumentException($"The maps hold {maps.Length / Math.Max(plane, 1)} channels of {width}x{height}; the limb table needs {_channelsNeeded}.", nameof(maps));
        }

        FindPeaks(maps, width, height);
        _grouper.Group(_peaks.AsSpan(0, _typeStart[^1]), _typeStart, maps, width, height, _fieldKernel);
        Emit(x, y, output);
    }

    /// <summary>Runs peak finding only (used by tests and benchmarks).</summary>
    internal void FindPeaks(ReadOnlySpan<float> maps, int width, int height)
    {
        var plane = width * height;
        var count = 0;
        for (var t = 0; t < _options.Keypoints; t++)
        {
            _typeStart[t] = count;
            count = _peakFinder.Find(maps.Slice(t * plane, plane), width, height, ref _peaks, count);
        }

        _typeStart[_options.Keypoints] = count;
    }

    private void Emit(AxisMap x, AxisMap y, PoseFrame output)
    {
        // Upsampled pixel p lies at input pixel p * stride / factor.
        var scale = (float)_options.Stride / _options.Factor;
        var offset = _options.CoordinateOffset;
        for (var pose = 0; pose < _grouper.PoseCount; pose++)
        {
            if (!_grouper.IsKept(pose))
            {
                continue;
            }

            var ids = _grouper.Keypoints(pose);
            ref var person = ref output.Add();
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                var id = ids[_cocoFrom[k]];
                if (id < 0)
                {
                    person.Keypoints[k] = default;
                    continue;
                }

                var peak = _peaks[id];
                person.Keypoints[k] = new Keypoint(x.ToImage(peak.X * scale) + offset, y.ToImage(peak.Y * scale) + offset, peak.Score);
            }

            person.Box = BoundingBox.Around(person.Keypoints);
            person.Score = (float)(_grouper.TotalScore(pose) * Math.Max(0, _grouper.KeypointCount(pose) - 1));
            person.TrackId = 0;
        }
    }
}
