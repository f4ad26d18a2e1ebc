using PoseCluster.Pose.BottomUp;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.Pose.Pipelines;

/// <summary>
/// Bottom-up with associative embedding (<c>associative-embedding</c> family, HigherHRNet/EfficientHRNet): outputs
/// <c>heatmaps</c> [N, 17, Hh, Wh] and <c>tags</c> [N, 17, Ht, Wt]; tags at a lower resolution are upsampled
/// bilinearly (half-pixel, as <c>F.interpolate(align_corners=False)</c>) to the heatmap size, then
/// <see cref="AssociativeEmbeddingGrouper"/> groups and cells map back to input pixels by the input/heatmap ratio.
/// </summary>
internal sealed class AssociativeEmbeddingPipeline : SingleModelPipeline
{
    private readonly AssociativeEmbeddingGrouper _grouper;
    private readonly int _heatmapsIndex;
    private readonly int _tagsIndex;
    private float[] _tags = [];
    private UpsamplingKernel? _tagKernel;

    public AssociativeEmbeddingPipeline(string name, ModelEntry model, InferenceSession session, PipelineOptions options)
        : base(name, model, session, options)
    {
        var decode = AssociativeEmbeddingOptions.FromCatalog(model.Decode);
        _grouper = new AssociativeEmbeddingGrouper(decode);
        _heatmapsIndex = session.OutputIndex(decode.HeatmapsOutput);
        _tagsIndex = session.OutputIndex(decode.TagsOutput);
        foreach (var index in new[] { _heatmapsIndex, _tagsIndex })
        {
            var output = session.Outputs[index];
            if (output.Shape.Count != 4 || (output.Shape[1] > 0 && output.Shape[1] != CocoKeypoints.Count))
            {
                throw new ModelCatalogException(
                    $"Model '{model.Id}' does not match its catalog family 'associative-embedding': output '{output.Name}' is {output.ShapeText}, expected [N,17,H,W] (tag dimension 1).");
            }
        }
    }

    protected override void Decode(int index, in SamplingPlan plan, PoseFrame output)
    {
        var hs = Binding.OutputShape(_heatmapsIndex);
        var ts = Binding.OutputShape(_tagsIndex);
        int height = (int)hs[2], width = (int)hs[3], tagHeight = (int)ts[2], tagWidth = (int)ts[3];
        var perHeatmaps = CocoKeypoints.Count * width * height;
        var perTags = CocoKeypoints.Count * tagWidth * tagHeight;
        var heatmaps = Binding.Output<float>(_heatmapsIndex).Slice(index * perHeatmaps, perHeatmaps);
        var tags = Binding.Output<float>(_tagsIndex).Slice(index * perTags, perTags);
        var groupedTags = tagWidth == width && tagHeight == height ? tags : ResizeTags(tags, tagWidth, tagHeight, width, height);

        _grouper.Group(heatmaps, groupedTags, width, height);
        var sx = (float)Model.Input.Width / width;
        var sy = (float)Model.Input.Height / height;
        for (var p = 0; p < _grouper.PersonCount; p++)
        {
            ref var person = ref output.Add();
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                var j = _grouper.Joint(p, k);
                person.Keypoints[k] = j.Score > 0 ? new Keypoint(plan.X.ToImage(j.X * sx), plan.Y.ToImage(j.Y * sy), j.Score) : default;
            }

            person.Box = BoundingBox.Around(person.Keypoints);
            person.Score = _grouper.Score(p);
            person.TrackId = 0;
        }
    }

    private ReadOnlySpan<float> ResizeTags(ReadOnlySpan<float> tags, int tagWidth, int tagHeight, int width, int height)
    {
        if (width % tagWidth != 0 || height % tagHeight != 0 || width / tagWidth != height / tagHeight)
        {
            throw new ModelCatalogException(
                $"Model '{Model.Id}': the heatmaps ({width}x{height}) must be an integer multiple of the tags ({tagWidth}x{tagHeight}).");
        }

        var factor = width / tagWidth;
        if (_tagKernel?.Factor != factor)
        {
            _tagKernel = new UpsamplingKernel(factor, MapInterpolation.Linear);
        }

        var plane = width * height;
        if (_tags.Length < CocoKeypoints.Count * plane)
        {
            _tags = new float[CocoKeypoints.Count * plane];
        }

        var tagPlane = tagWidth * tagHeight;
        for (var j = 0; j < CocoKeypoints.Count; j++)
        {
            var source = tags.Slice(j * tagPlane, tagPlane);
            var target = _tags.AsSpan(j * plane, plane);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    target[(y * width) + x] = _tagKernel.Sample(source, tagWidth, tagHeight, x, y);
                }
            }
        }

        return _tags.AsSpan(0, CocoKeypoints.Count * plane);
    }
}
